#include "kps/hsm/kdf1.hpp"

#include "kps/hsm/key_ops.hpp"
#include "kps/hsm/session.hpp"

#include <algorithm>

namespace kps::hsm {

Diversifier kdf1Diversifier(std::uint8_t keyId, std::uint8_t keyVersion,
                            std::span<const std::uint8_t, 8> address) {
    Diversifier d{0x01, keyId, keyVersion, 0x00};
    std::copy(address.begin(), address.end(), d.begin() + 4);
    const std::uint8_t tag[4] = {'K', 'D', 'F', '1'};
    std::copy(std::begin(tag), std::end(tag), d.begin() + 12);
    return d;
}

Result<SessionObject> deriveKdf1(const Session& session, CK_OBJECT_HANDLE master,
                                 std::uint8_t keyId, std::uint8_t keyVersion,
                                 std::span<const std::uint8_t, 8> address, DerivedUse use,
                                 CK_KEY_TYPE keyType) {
    const auto data = kdf1Diversifier(keyId, keyVersion, address);
    Attributes policy;
    policy.number(CKA_CLASS, CKO_SECRET_KEY)
        .number(CKA_KEY_TYPE, keyType)
        .number(CKA_VALUE_LEN, 16)
        .flag(CKA_TOKEN, false)
        .flag(CKA_PRIVATE, true)
        .flag(CKA_SENSITIVE, use == DerivedUse::Wrapped)
        .flag(CKA_EXTRACTABLE, true)
        .flag(CKA_SIGN, keyType == CKK_AES)
        .flag(CKA_ENCRYPT, false)
        .flag(CKA_DECRYPT, false)
        .flag(CKA_WRAP, false)
        .flag(CKA_UNWRAP, false)
        .flag(CKA_DERIVE, false);
    return deriveAesEcb(session, master, data, policy, "KDF-1 key " + std::to_string(keyId));
}

} // namespace kps::hsm
