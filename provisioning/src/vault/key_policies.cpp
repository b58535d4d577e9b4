#include "key_policies.hpp"

namespace kps::provisioning::policy {
namespace {

// DER of OID prime256v1.
constexpr std::uint8_t kP256[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
constexpr std::uint8_t kF4[] = {0x01, 0x00, 0x01};

} // namespace

using hsm::KeyUse;
using hsm::Lifetime;
using hsm::SecretKeyPolicy;

SecretKeyPolicy manufMaster(const std::string& label, CK_ULONG bytes) {
    SecretKeyPolicy p;
    p.label = label;
    p.length = bytes;
    p.lifetime = Lifetime::Token;
    p.extractable = true;
    p.wrapWithTrusted = true;
    p.uses = {KeyUse::Derive};
    return p;
}

SecretKeyPolicy customerMaster(const std::string& label, CK_ULONG bytes) {
    SecretKeyPolicy p;
    p.label = label;
    p.length = bytes;
    p.lifetime = Lifetime::Token;
    p.wrapWithTrusted = true;
    // CKA_MODIFIABLE stays TRUE: SoftHSM 2.6.1 refuses C_UnwrapKey of a non-modifiable
    // key (CKR_ATTRIBUTE_READ_ONLY). What guards export (SENSITIVE, EXTRACTABLE,
    // WRAP_WITH_TRUSTED) can only be tightened after creation, never relaxed.
    p.uses = {KeyUse::Derive};
    return p;
}

SecretKeyPolicy fixedKey(const std::string& label) {
    SecretKeyPolicy p;
    p.label = label;
    p.length = 16;
    p.lifetime = Lifetime::Token;
    p.extractable = true;
    return p;
}

SecretKeyPolicy orderKek(const std::string& label) {
    SecretKeyPolicy p;
    p.label = label;
    p.length = 32;
    p.lifetime = Lifetime::Token;
    p.uses = {KeyUse::Wrap};
    return p;
}

SecretKeyPolicy storageKek(const std::string& label) {
    SecretKeyPolicy p = orderKek(label);
    p.uses = {KeyUse::Wrap, KeyUse::Unwrap};
    return p;
}

SecretKeyPolicy incomingKek() {
    SecretKeyPolicy p;
    p.label = "incoming KEK";
    p.uses = {KeyUse::Unwrap};
    return p;
}

SecretKeyPolicy evaluationKek() {
    SecretKeyPolicy p;
    p.label = "evaluation kit KEK";
    p.length = 32;
    p.isPrivate = false; // created by the security officer, who sees public objects only
    p.extractable = true;
    p.trusted = true;
    p.uses = {KeyUse::Wrap};
    return p;
}

SecretKeyPolicy transportKey() {
    SecretKeyPolicy p;
    p.label = "session transport key";
    p.length = 32;
    p.uses = {KeyUse::Wrap, KeyUse::Unwrap};
    return p;
}

SecretKeyPolicy plainCopy(CK_KEY_TYPE type) {
    SecretKeyPolicy p;
    p.keyType = type;
    p.sensitive = false;
    p.extractable = true;
    p.uses = type == CKK_AES ? hsm::KeyUses{KeyUse::Sign} : hsm::KeyUses{};
    return p;
}

SecretKeyPolicy listedSecret(CK_KEY_TYPE type) {
    SecretKeyPolicy p = plainCopy(type);
    p.label = "listed secret";
    p.sensitive = true;
    return p;
}

hsm::Attributes passwordObject(std::span<const std::uint8_t> characters) {
    hsm::Attributes a;
    a.number(CKA_CLASS, CKO_SECRET_KEY)
        .number(CKA_KEY_TYPE, CKK_GENERIC_SECRET)
        .flag(CKA_TOKEN, false)
        .flag(CKA_PRIVATE, true)
        .flag(CKA_SENSITIVE, true)
        .flag(CKA_EXTRACTABLE, true)
        .reference(CKA_VALUE, characters);
    return a;
}

std::vector<std::pair<CK_ATTRIBUTE_TYPE, bool>> privateKeyFlags() {
    return {
        {CKA_TOKEN, true}, {CKA_PRIVATE, true}, {CKA_SENSITIVE, true}, {CKA_EXTRACTABLE, false}};
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
