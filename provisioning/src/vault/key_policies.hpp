#pragma once
// The key policy of every object class the station creates (docs/key-policy.md).
// Each function returns the complete template; nothing else sets key attributes.
#include "kps/hsm/attributes.hpp"

#include <string>

namespace kps::provisioning::policy {

/// MANUF and customer masters: token, sensitive, derive only. MANUF masters may be
/// exported for evaluation kits, but only under a trusted wrapping key.
hsm::Attributes master(const std::string& label, CK_ULONG bytes, bool evaluationExport);
/// The same fixed key for every endpoint (MANUF local key / password seed): token,
/// sensitive, wrappable under the order KEK and copied for plain injection.
hsm::Attributes fixedKey(const std::string& label);
/// Order KEKs: token, AES-256, wrap only (sign allowed until the KCV is taken, and
/// extractable until wrapped to the recipient; both are then switched off).
hsm::Attributes orderKek(const std::string& label);
/// A per-session transport key for making plain copies of fixed keys.
hsm::Attributes transportKey();
/// Template for a non-sensitive session key or copy (plain injection only); may take its KCV.
hsm::Attributes plainCopy(CK_KEY_TYPE type);
/// A password as a generic secret session object, only to be wrapped.
hsm::Attributes passwordObject(std::span<const std::uint8_t> characters);
/// Station signing key pair (EC P-256) and import key pair (RSA-3072).
hsm::Attributes signingPublic(const std::string& label);
hsm::Attributes signingPrivate(const std::string& label);
hsm::Attributes importPublic(const std::string& label);
hsm::Attributes importPrivate(const std::string& label);

} // namespace kps::provisioning::policy
