#include "key_policies.hpp"

namespace kps::provisioning::policy {
namespace {

// DER of OID prime256v1.
constexpr std::uint8_t kP256[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
constexpr std::uint8_t kF4[] = {0x01, 0x00, 0x01};

hsm::Attributes secretKey(CK_KEY_TYPE type, bool token, const std::string& label) {
    hsm::Attributes a;
    a.number(CKA_CLASS, CKO_SECRET_KEY)
        .number(CKA_KEY_TYPE, type)
        .flag(CKA_TOKEN, token)
        .flag(CKA_PRIVATE, true);
    if (!label.empty())
        a.text(CKA_LABEL, label);
    return a;
}

} // namespace

hsm::Attributes master(const std::string& label, CK_ULONG bytes, bool evaluationExport) {
    auto a = secretKey(CKK_AES, true, label);
    a.number(CKA_VALUE_LEN, bytes)
        .flag(CKA_SENSITIVE, true)
        .flag(CKA_EXTRACTABLE, evaluationExport)
        .flag(CKA_WRAP_WITH_TRUSTED, true)
        .flag(CKA_DERIVE, true)
        .flag(CKA_SIGN, true) // for the KCV at creation; switched off right after
        .flag(CKA_ENCRYPT, false)
        .flag(CKA_DECRYPT, false)
        .flag(CKA_WRAP, false)
        .flag(CKA_UNWRAP, false)
        .flag(CKA_MODIFIABLE, true);
    return a;
}

hsm::Attributes fixedKey(const std::string& label) {
    auto a = secretKey(CKK_AES, true, label);
    a.number(CKA_VALUE_LEN, 16)
        .flag(CKA_SENSITIVE, true)
        .flag(CKA_EXTRACTABLE, true)
        .flag(CKA_SIGN, true) // for the KCV at creation; switched off right after
        .flag(CKA_DERIVE, false)
        .flag(CKA_ENCRYPT, false)
        .flag(CKA_DECRYPT, false)
        .flag(CKA_WRAP, false)
        .flag(CKA_UNWRAP, false);
    return a;
}

hsm::Attributes orderKek(const std::string& label) {
    auto a = secretKey(CKK_AES, true, label);
    a.number(CKA_VALUE_LEN, 32)
        .flag(CKA_SENSITIVE, true)
        .flag(CKA_EXTRACTABLE, true)
        .flag(CKA_WRAP, true)
        .flag(CKA_UNWRAP, false)
        .flag(CKA_SIGN, true)
        .flag(CKA_ENCRYPT, false)
        .flag(CKA_DECRYPT, false)
        .flag(CKA_DERIVE, false)
        .flag(CKA_MODIFIABLE, true);
    return a;
}

hsm::Attributes transportKey() {
    auto a = secretKey(CKK_AES, false, "session transport key");
    a.number(CKA_VALUE_LEN, 32)
        .flag(CKA_SENSITIVE, true)
        .flag(CKA_EXTRACTABLE, false)
        .flag(CKA_WRAP, true)
        .flag(CKA_UNWRAP, true)
        .flag(CKA_ENCRYPT, false)
        .flag(CKA_DECRYPT, false);
    return a;
}

hsm::Attributes plainCopy(CK_KEY_TYPE type) {
    auto a = secretKey(type, false, {});
    a.flag(CKA_SENSITIVE, false).flag(CKA_EXTRACTABLE, true).flag(CKA_SIGN, true);
    return a;
}

hsm::Attributes passwordObject(std::span<const std::uint8_t> characters) {
    auto a = secretKey(CKK_GENERIC_SECRET, false, {});
    a.flag(CKA_SENSITIVE, true).flag(CKA_EXTRACTABLE, true).reference(CKA_VALUE, characters);
    return a;
}

hsm::Attributes signingPublic(const std::string& label) {
    hsm::Attributes a;
    a.flag(CKA_TOKEN, true)
        .flag(CKA_VERIFY, true)
        .bytes(CKA_EC_PARAMS, kP256)
        .text(CKA_LABEL, label);
    return a;
}

hsm::Attributes signingPrivate(const std::string& label) {
    hsm::Attributes a;
    a.flag(CKA_TOKEN, true)
        .flag(CKA_PRIVATE, true)
        .flag(CKA_SENSITIVE, true)
        .flag(CKA_EXTRACTABLE, false)
        .flag(CKA_SIGN, true)
        .flag(CKA_DERIVE, false)
        .text(CKA_LABEL, label);
    return a;
}

hsm::Attributes importPublic(const std::string& label) {
    hsm::Attributes a;
    a.flag(CKA_TOKEN, true)
        .flag(CKA_ENCRYPT, true)
        .flag(CKA_WRAP, true)
        .number(CKA_MODULUS_BITS, 3072)
        .bytes(CKA_PUBLIC_EXPONENT, kF4)
        .text(CKA_LABEL, label);
    return a;
}

hsm::Attributes importPrivate(const std::string& label) {
    hsm::Attributes a;
    a.flag(CKA_TOKEN, true)
        .flag(CKA_PRIVATE, true)
        .flag(CKA_SENSITIVE, true)
        .flag(CKA_EXTRACTABLE, false)
        .flag(CKA_DECRYPT, true)
        .flag(CKA_UNWRAP, true)
        .flag(CKA_SIGN, false)
        .text(CKA_LABEL, label);
    return a;
}

} // namespace kps::provisioning::policy
