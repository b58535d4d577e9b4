#pragma once
// Reaching the station's token: load the module, select the token (by label, or by
// RFC 7512 URI), log the user in, and check the mechanisms the station needs.
#include "kps/hsm/module.hpp"
#include "kps/hsm/session.hpp"
#include "kps/provisioning/error.hpp"
#include "kps/provisioning/vault_config.hpp"

#include <QStringList>

namespace kps::provisioning {

struct OpenedToken {
    hsm::Module module;
    hsm::Session session;
    QString tokenName;          // label, or the URI it was selected by
    QStringList repairedTokens; // SoftHSM token files put back (guardSoftHsm)
};

/// SoftHSM only: points it at its directory, puts back a token file a killed process
/// left truncated and keeps a copy of each (hsm::repairSoftHsmTokens). Returns the
/// token directories repaired; the station audits them.
Outcome<QStringList> guardSoftHsm(const VaultConfig& config, const QString& what);
/// Loads the module (after guardSoftHsm) and nothing more.
Outcome<hsm::Module> loadModule(const VaultConfig& config, const QString& what,
                                QStringList* repairedTokens = nullptr);
/// The slot of the configured token: by URI if one is configured, else by label.
Outcome<CK_SLOT_ID> configuredSlot(const hsm::Module& module, const VaultConfig& config,
                                   const QString& what);
/// A logged-in user session on the configured token.
Outcome<OpenedToken> openToken(const VaultConfig& config, const secure::SecretBytes& userPin,
                               const QString& what);
/// Refuses a token that lacks a mechanism the station needs, naming every one.
Done checkMechanisms(const hsm::Module& module, CK_SLOT_ID slot, const QString& what);

} // namespace kps::provisioning
