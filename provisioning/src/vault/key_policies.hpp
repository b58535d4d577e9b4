#pragma once
// The key policy of every object class the station creates (docs/key-policy.md).
// Each function returns the complete policy; nothing else decides key attributes.
// After creation the vault reads every object back against its policy
// (hsm::enforcePolicy), so a module that ignores an attribute is caught.
#include "kps/hsm/attributes.hpp"
#include "kps/hsm/key_policy.hpp"

#include <span>
#include <string>

namespace kps::provisioning::policy {

/// MANUF masters: token, sensitive, derive only; extractable, but only under a
/// trusted wrapping key (CKA_WRAP_WITH_TRUSTED), for evaluation kits.
hsm::SecretKeyPolicy manufMaster(const std::string& label, CK_ULONG bytes);
/// Customer masters: token, sensitive, never extractable, derive only.
hsm::SecretKeyPolicy customerMaster(const std::string& label, CK_ULONG bytes);
/// The same fixed key for every endpoint (MANUF local key / password seed): token,
/// sensitive, wrappable under the order KEK and copied for plain injection.
hsm::SecretKeyPolicy fixedKey(const std::string& label);
/// Order KEKs (customer, head-end) at rest: token, AES-256, wrap only, no longer
/// extractable (they are created extractable, wrapped once to their recipient, then locked).
hsm::SecretKeyPolicy orderKek(const std::string& label);
/// The order's storage KEK (random and customer-list orders): token, wrap and unwrap,
/// never extractable; holds the storage copies of secrets for retries and recovery.
hsm::SecretKeyPolicy storageKek(const std::string& label);
/// An incoming file's KEK, unwrapped with the station import key: session, unwrap only.
hsm::SecretKeyPolicy incomingKek();
/// An evaluation kit's KEK: a public session object made trusted by the security
/// officer, so it may wrap the MANUF masters; extractable once, to its recipient.
hsm::SecretKeyPolicy evaluationKek();
/// A per-session transport key for making plain copies of fixed and stored keys.
hsm::SecretKeyPolicy transportKey();
/// A non-sensitive session key or copy (plain injection only); may take its KCV.
hsm::SecretKeyPolicy plainCopy(CK_KEY_TYPE type);
/// A customer's listed key or password on its way from the file's KEK to the
/// storage KEK: session, sensitive, extractable (to be re-wrapped), KCV allowed.
hsm::SecretKeyPolicy listedSecret(CK_KEY_TYPE type);
/// A password as a generic secret session object, only to be wrapped.
hsm::Attributes passwordObject(std::span<const std::uint8_t> characters);
/// Station signing key pair (EC P-256) and import key pair (RSA-3072).
hsm::Attributes signingPublic(const std::string& label);
hsm::Attributes signingPrivate(const std::string& label);
hsm::Attributes importPublic(const std::string& label);
hsm::Attributes importPrivate(const std::string& label);
/// What a station private key must show: sensitive, never extractable.
std::vector<std::pair<CK_ATTRIBUTE_TYPE, bool>> privateKeyFlags();

} // namespace kps::provisioning::policy
