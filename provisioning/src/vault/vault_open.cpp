#include "vault_open.hpp"

#include "hsm_vault.hpp"
#include "kps/hsm/softhsm.hpp"
#include "kps/hsm/token.hpp"
#include "kps/hsm/uri.hpp"

#include <QStringList>

namespace kps::provisioning {

Outcome<QStringList> guardSoftHsm(const VaultConfig& config, const QString& what) {
    if (config.softHsmDirectory.isEmpty())
        return QStringList();
    const std::filesystem::path directory = config.softHsmDirectory.toStdString();
    if (auto ready = hsm::useSoftHsmIn(directory); !ready)
        return tl::unexpected(deviceError(ready.error(), what));
    auto repaired = hsm::repairSoftHsmTokens(directory);
    if (!repaired)
        return tl::unexpected(deviceError(repaired.error(), what));
    if (auto saved = hsm::backupSoftHsmTokens(directory); !saved)
        return tl::unexpected(deviceError(saved.error(), what));
    QStringList tokens;
    for (const std::string& token : *repaired)
        tokens << QString::fromStdString(token);
    return tokens;
}

Outcome<hsm::Module> loadModule(const VaultConfig& config, const QString& what,
                                QStringList* repairedTokens) {
    KPS_TRY_LET(repaired, guardSoftHsm(config, what));
    if (repairedTokens)
        *repairedTokens = repaired;
    auto module = hsm::Module::load(config.modulePath.toStdString());
    if (!module)
        return tl::unexpected(deviceError(module.error(), what));
    return std::move(*module);
}

Outcome<CK_SLOT_ID> configuredSlot(const hsm::Module& module, const VaultConfig& config,
                                   const QString& what) {
    if (config.tokenUri.isEmpty()) {
        auto slot = module.slotByTokenLabel(config.tokenLabel.toStdString());
        if (!slot)
            return tl::unexpected(deviceError(slot.error(), what));
        return *slot;
    }
    auto uri = hsm::Pkcs11Uri::parse(config.tokenUri.toStdString());
    if (!uri)
        return failure(ErrorKind::BadInput, what, QStringLiteral("station.json: /hsm/uri"),
                       QString::fromStdString(uri.error().message()));
    auto slot = hsm::findTokenSlot(module, *uri);
    if (!slot)
        return tl::unexpected(deviceError(slot.error(), what));
    return *slot;
}

Outcome<OpenedToken> openToken(const VaultConfig& config, const secure::SecretBytes& userPin,
                               const QString& what) {
    QStringList repaired;
    KPS_TRY_LET(module, loadModule(config, what, &repaired));
    KPS_TRY_LET(slot, configuredSlot(module, config, what));
    const QString name = config.tokenUri.isEmpty() ? config.tokenLabel : config.tokenUri;
    auto session = hsm::Session::open(module, slot);
    if (!session)
        return tl::unexpected(deviceError(session.error(), what));
    if (auto in = hsm::logInChecked(module, *session, CKU_USER, userPin, name.toStdString()); !in)
        return tl::unexpected(deviceError(in.error(), what));
    return OpenedToken{std::move(module), std::move(*session), name, repaired};
}

Done checkMechanisms(const hsm::Module& module, CK_SLOT_ID slot, const QString& what) {
    const auto missing = module.missingMechanisms(slot, HsmVault::requiredMechanisms());
    if (missing.empty())
        return {};
    QStringList names;
    for (CK_MECHANISM_TYPE mechanism : missing)
        names << QString::fromStdString(hsm::mechanismName(mechanism));
    return failure(
        ErrorKind::Device, what, QString::fromStdString(module.path()),
        QStringLiteral("the HSM does not offer %1").arg(names.join(QStringLiteral(", "))),
        QStringLiteral("The station derives, checks and wraps keys only inside the HSM: "
                       "use a module (or a link to it) that offers every one. "
                       "p11-kit's RPC (p11-kit-client) does not forward them."));
}

} // namespace kps::provisioning
