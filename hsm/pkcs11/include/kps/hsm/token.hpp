#pragma once
// Token lifecycle: initialise a fresh token, and open a logged-in user session on one.
#include "kps/hsm/error.hpp"
#include "kps/hsm/module.hpp"
#include "kps/hsm/session.hpp"
#include "kps/hsm/uri.hpp"
#include "kps/secure/secret_bytes.hpp"

#include <string>

namespace kps::hsm {

/// C_InitToken on a free slot, then C_InitPIN for the user. Returns the token's slot.
Result<CK_SLOT_ID> initializeToken(const Module& module, const std::string& label,
                                   const secure::SecretBytes& soPin,
                                   const secure::SecretBytes& userPin);

/// A session on the token with this label, logged in as the user.
Result<Session> openUserSession(const Module& module, const std::string& tokenLabel,
                                const secure::SecretBytes& userPin);

/// The slot of the one token the URI names (token, manufacturer, model, serial).
Result<CK_SLOT_ID> findTokenSlot(const Module& module, const Pkcs11Uri& uri);

/// Logs a session in. A token that reports its PIN locked is not even tried (a
/// retry could count against it); CKR_PIN_LOCKED names the token and what to do.
Status logInChecked(const Module& module, const Session& session, CK_USER_TYPE user,
                    const secure::SecretBytes& pin, const std::string& tokenName);

} // namespace kps::hsm
