#pragma once
// KDF-1, the station's per-endpoint key derivation (docs/formats.md):
//   D   = 0x01 || keyId || keyVersion || 0x00 || address(8) || "KDF1"
//   key = AES-ECB(master, D), computed in the token by C_DeriveKey.
#include "kps/hsm/error.hpp"
#include "kps/hsm/object.hpp"

#include <array>
#include <cstdint>
#include <span>

namespace kps::hsm {

class Session;

using Diversifier = std::array<std::uint8_t, 16>;

Diversifier kdf1Diversifier(std::uint8_t keyId, std::uint8_t keyVersion,
                            std::span<const std::uint8_t, 8> address);

/// What a derived key may do: how the station uses it next.
enum class DerivedUse {
    Wrapped,   // sensitive; leaves the token only wrapped
    PlainCopy, // non-sensitive session copy, read once for SWD injection, then destroyed
};

/// A derived AES-128 session key: CKA_TOKEN=FALSE, CKA_SIGN (for its KCV),
/// CKA_EXTRACTABLE (for wrapping under the order's KEKs).
Result<SessionObject> deriveKdf1(const Session& session, CK_OBJECT_HANDLE master,
                                 std::uint8_t keyId, std::uint8_t keyVersion,
                                 std::span<const std::uint8_t, 8> address, DerivedUse use,
                                 CK_KEY_TYPE keyType = CKK_AES);

} // namespace kps::hsm
