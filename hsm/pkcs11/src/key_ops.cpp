#include "kps/hsm/key_ops.hpp"

#include "kps/hsm/session.hpp"
#include "vendor_codes.hpp"

namespace kps::hsm {

std::string oaepName(OaepHash hash) {
    return hash == OaepHash::Sha256 ? "rsa-oaep-sha256" : "rsa-oaep-sha1";
}

Result<CK_OBJECT_HANDLE> generateKey(const Session& session, CK_MECHANISM_TYPE mechanism,
                                     Attributes& policy, const std::string& label) {
    CK_MECHANISM mech{mechanism, nullptr, 0};
    CK_OBJECT_HANDLE key = CK_INVALID_HANDLE;
    CK_RV rv =
        session.api()->C_GenerateKey(session.handle(), &mech, policy.data(), policy.size(), &key);
    if (rv != CKR_OK)
        return fail("C_GenerateKey", rv, label);
    return key;
}

Result<KeyPair> generateKeyPair(const Session& session, CK_MECHANISM_TYPE mechanism,
                                Attributes& publicPolicy, Attributes& privatePolicy,
                                const std::string& label) {
    CK_MECHANISM mech{mechanism, nullptr, 0};
    KeyPair pair;
    CK_RV rv = session.api()->C_GenerateKeyPair(
        session.handle(), &mech, publicPolicy.data(), publicPolicy.size(), privatePolicy.data(),
        privatePolicy.size(), &pair.publicKey, &pair.privateKey);
    if (rv != CKR_OK)
        return fail("C_GenerateKeyPair", rv, label);
    return pair;
}

Result<CK_OBJECT_HANDLE> createObject(const Session& session, Attributes& attributes,
                                      const std::string& label) {
    CK_OBJECT_HANDLE object = CK_INVALID_HANDLE;
    CK_RV rv = session.api()->C_CreateObject(session.handle(), attributes.data(), attributes.size(),
                                             &object);
    if (rv != CKR_OK)
        return fail("C_CreateObject", rv, label);
    return object;
}

Result<SessionObject> deriveAesEcb(const Session& session, CK_OBJECT_HANDLE base,
                                   std::span<const std::uint8_t, 16> data, Attributes& policy,
                                   const std::string& label) {
    CK_KEY_DERIVATION_STRING_DATA params{const_cast<std::uint8_t*>(data.data()), 16};
    CK_MECHANISM mech{CKM_AES_ECB_ENCRYPT_DATA, &params, sizeof params};
    CK_OBJECT_HANDLE key = CK_INVALID_HANDLE;
    CK_RV rv = session.api()->C_DeriveKey(session.handle(), &mech, base, policy.data(),
                                          policy.size(), &key);
    if (rv != CKR_OK)
        return fail("C_DeriveKey", rv, label);
    return SessionObject(session, key);
}

Result<Kcv> kcvOf(const Session& session, CK_OBJECT_HANDLE key, const std::string& label) {
    CK_MECHANISM mech{CKM_AES_CMAC, nullptr, 0};
    if (CK_RV rv = session.api()->C_SignInit(session.handle(), &mech, key); rv != CKR_OK)
        return fail("C_SignInit(CKM_AES_CMAC)", rv, label);
    std::uint8_t zeros[16] = {};
    std::uint8_t mac[16] = {};
    CK_ULONG macLength = sizeof mac;
    CK_RV rv = session.api()->C_Sign(session.handle(), zeros, sizeof zeros, mac, &macLength);
    if (rv != CKR_OK)
        return fail("C_Sign(CKM_AES_CMAC)", rv, label);
    return Kcv{mac[0], mac[1], mac[2]};
}

namespace {

// Room for any wrapped secret key the station makes (an RSA-3072 OAEP block is 384).
constexpr CK_ULONG kWrapGuess = 512;

/// One C_WrapKey into a buffer large enough for the usual case: a module does the whole
/// wrap even to answer a size query, so asking first costs a second wrap (SoftHSM).
/// Only a module that finds the buffer too small is asked again with the size it gave.
Result<std::vector<std::uint8_t>> wrapWith(const Session& session, CK_MECHANISM& mech,
                                           CK_OBJECT_HANDLE wrapping, CK_OBJECT_HANDLE key,
                                           const std::string& label) {
    std::vector<std::uint8_t> wrapped(kWrapGuess);
    CK_ULONG length = kWrapGuess;
    CK_RV rv =
        session.api()->C_WrapKey(session.handle(), &mech, wrapping, key, wrapped.data(), &length);
    if (rv == CKR_BUFFER_TOO_SMALL) {
        wrapped.resize(length);
        rv = session.api()->C_WrapKey(session.handle(), &mech, wrapping, key, wrapped.data(),
                                      &length);
    }
    if (rv != CKR_OK)
        return fail("C_WrapKey", rv, label);
    wrapped.resize(length);
    return wrapped;
}

Result<CK_OBJECT_HANDLE> unwrapWith(const Session& session, CK_MECHANISM& mech,
                                    detail::Unwrapping kind, CK_OBJECT_HANDLE unwrapping,
                                    std::span<const std::uint8_t> wrapped, Attributes& policy,
                                    const std::string& label) {
    CK_OBJECT_HANDLE key = CK_INVALID_HANDLE;
    CK_RV rv = session.api()->C_UnwrapKey(
        session.handle(), &mech, unwrapping, const_cast<std::uint8_t*>(wrapped.data()),
        static_cast<CK_ULONG>(wrapped.size()), policy.data(), policy.size(), &key);
    if (rv != CKR_OK)
        return fail("C_UnwrapKey", detail::standardUnwrapCode(kind, rv), label);
    return key;
}

CK_RSA_PKCS_OAEP_PARAMS oaepParams(OaepHash hash) {
    if (hash == OaepHash::Sha256)
        return {CKM_SHA256, CKG_MGF1_SHA256, CKZ_DATA_SPECIFIED, nullptr, 0};
    return {CKM_SHA_1, CKG_MGF1_SHA1, CKZ_DATA_SPECIFIED, nullptr, 0};
}

} // namespace

Result<std::vector<std::uint8_t>> wrapKwp(const Session& session, CK_OBJECT_HANDLE kek,
                                          CK_OBJECT_HANDLE key, const std::string& label) {
    CK_MECHANISM mech{CKM_AES_KEY_WRAP_PAD, nullptr, 0};
    return wrapWith(session, mech, kek, key, label);
}

Result<CK_OBJECT_HANDLE> unwrapKwp(const Session& session, CK_OBJECT_HANDLE kek,
                                   std::span<const std::uint8_t> wrapped, Attributes& policy,
                                   const std::string& label) {
    CK_MECHANISM mech{CKM_AES_KEY_WRAP_PAD, nullptr, 0};
    return unwrapWith(session, mech, detail::Unwrapping::AesKwp, kek, wrapped, policy, label);
}

Result<std::vector<std::uint8_t>> wrapOaep(const Session& session, OaepHash hash,
                                           CK_OBJECT_HANDLE publicKey, CK_OBJECT_HANDLE key,
                                           const std::string& label) {
    auto params = oaepParams(hash);
    CK_MECHANISM mech{CKM_RSA_PKCS_OAEP, &params, sizeof params};
    return wrapWith(session, mech, publicKey, key, label);
}

Result<CK_OBJECT_HANDLE> unwrapOaep(const Session& session, OaepHash hash,
                                    CK_OBJECT_HANDLE privateKey,
                                    std::span<const std::uint8_t> wrapped, Attributes& policy,
                                    const std::string& label) {
    auto params = oaepParams(hash);
    CK_MECHANISM mech{CKM_RSA_PKCS_OAEP, &params, sizeof params};
    return unwrapWith(session, mech, detail::Unwrapping::RsaOaep, privateKey, wrapped, policy,
                      label);
}

Result<std::vector<std::uint8_t>> signEcdsaDigest(const Session& session,
                                                  CK_OBJECT_HANDLE privateKey,
                                                  std::span<const std::uint8_t, 32> digest) {
    CK_MECHANISM mech{CKM_ECDSA, nullptr, 0};
    if (CK_RV rv = session.api()->C_SignInit(session.handle(), &mech, privateKey); rv != CKR_OK)
        return fail("C_SignInit(CKM_ECDSA)", rv, "station signing key");
    std::vector<std::uint8_t> signature(132);
    CK_ULONG length = static_cast<CK_ULONG>(signature.size());
    CK_RV rv = session.api()->C_Sign(session.handle(), const_cast<std::uint8_t*>(digest.data()), 32,
                                     signature.data(), &length);
    if (rv != CKR_OK)
        return fail("C_Sign(CKM_ECDSA)", rv, "station signing key");
    signature.resize(length);
    return signature;
}

} // namespace kps::hsm
