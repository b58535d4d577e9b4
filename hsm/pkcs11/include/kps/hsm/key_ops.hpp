#pragma once
// The cryptographic operations the station asks of a token, one function each.
// Every key value stays inside the token unless a function says otherwise.
#include "kps/hsm/attributes.hpp"
#include "kps/hsm/error.hpp"
#include "kps/hsm/object.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace kps::hsm {

class Session;

using Kcv = std::array<std::uint8_t, 3>;

struct KeyPair {
    CK_OBJECT_HANDLE publicKey = CK_INVALID_HANDLE;
    CK_OBJECT_HANDLE privateKey = CK_INVALID_HANDLE;
};

/// How RSA-OAEP is parameterised; written into every file that uses it.
enum class OaepHash { Sha256, Sha1 };
std::string oaepName(OaepHash hash); // "rsa-oaep-sha256" / "rsa-oaep-sha1"

Result<CK_OBJECT_HANDLE> generateKey(const Session& session, CK_MECHANISM_TYPE mechanism,
                                     Attributes& policy, const std::string& label);
Result<KeyPair> generateKeyPair(const Session& session, CK_MECHANISM_TYPE mechanism,
                                Attributes& publicPolicy, Attributes& privatePolicy,
                                const std::string& label);
Result<CK_OBJECT_HANDLE> createObject(const Session& session, Attributes& attributes,
                                      const std::string& label);

/// C_DeriveKey(CKM_AES_ECB_ENCRYPT_DATA): AES-ECB of one 16-byte block under the base key.
Result<SessionObject> deriveAesEcb(const Session& session, CK_OBJECT_HANDLE base,
                                   std::span<const std::uint8_t, 16> data, Attributes& policy,
                                   const std::string& label);

/// Key check value: first 3 bytes of AES-CMAC(key, 16 zero bytes), in the token.
Result<Kcv> kcvOf(const Session& session, CK_OBJECT_HANDLE key, const std::string& label);

/// C_WrapKey with AES key wrap with padding (RFC 5649).
Result<std::vector<std::uint8_t>> wrapKwp(const Session& session, CK_OBJECT_HANDLE kek,
                                          CK_OBJECT_HANDLE key, const std::string& label);
/// C_UnwrapKey with AES key wrap with padding into a new object with this policy; a
/// failed integrity check is CKR_WRAPPED_KEY_INVALID on every module.
Result<CK_OBJECT_HANDLE> unwrapKwp(const Session& session, CK_OBJECT_HANDLE kek,
                                   std::span<const std::uint8_t> wrapped, Attributes& policy,
                                   const std::string& label);

/// C_WrapKey with RSA-OAEP (MGF1 with the same hash, no label).
Result<std::vector<std::uint8_t>> wrapOaep(const Session& session, OaepHash hash,
                                           CK_OBJECT_HANDLE publicKey, CK_OBJECT_HANDLE key,
                                           const std::string& label);
/// A block that does not decode is CKR_ENCRYPTED_DATA_INVALID on every module.
Result<CK_OBJECT_HANDLE> unwrapOaep(const Session& session, OaepHash hash,
                                    CK_OBJECT_HANDLE privateKey,
                                    std::span<const std::uint8_t> wrapped, Attributes& policy,
                                    const std::string& label);

/// ECDSA over a SHA-256 digest computed by the caller; returns r||s as the token gives it.
Result<std::vector<std::uint8_t>> signEcdsaDigest(const Session& session,
                                                  CK_OBJECT_HANDLE privateKey,
                                                  std::span<const std::uint8_t, 32> digest);

} // namespace kps::hsm
