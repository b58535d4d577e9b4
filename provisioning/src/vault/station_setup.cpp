// kps init on the HSM side: token, station identity, MANUF keys.
#include "hsm_vault.hpp"
#include "key_policies.hpp"
#include "kps/hsm/certificates.hpp"
#include "kps/hsm/key_ops.hpp"
#include "kps/hsm/softhsm.hpp"
#include "kps/hsm/token.hpp"
#include "labels.hpp"
#include "token_keys.hpp"
#include "vault_open.hpp"

#include <QDir>
#include <QFile>

namespace kps::provisioning {
namespace {

const QString kWhat = QStringLiteral("initialise HSM");

Done writePem(const VaultConfig& config, const char* name, const x509::Der& der) {
    QDir().mkpath(config.publicDirectory);
    QFile file(
        QDir(config.publicDirectory).filePath(QString::fromLatin1(name) + QStringLiteral(".crt")));
    const std::string pem = x509::certificateToPem(der);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly) ||
        file.write(pem.data(), qint64(pem.size())) != qint64(pem.size()))
        return failure(ErrorKind::Store, kWhat, file.fileName(), file.errorString(),
                       QStringLiteral("The public directory must be writable and empty"));
    return {};
}

Outcome<x509::Der> makeSigningIdentity(const hsm::Session& session, const VaultConfig& config) {
    auto publicPolicy = policy::signingPublic(labels::kSigningKey);
    auto privatePolicy = policy::signingPrivate(labels::kSigningKey);
    auto pair = hsm::generateKeyPair(session, CKM_EC_KEY_PAIR_GEN, publicPolicy, privatePolicy,
                                     labels::kSigningKey);
    if (!pair)
        return tl::unexpected(deviceError(pair.error(), kWhat));
    if (auto kept = hsm::checkFlags(session, pair->privateKey, policy::privateKeyFlags(),
                                    labels::kSigningKey);
        !kept)
        return tl::unexpected(deviceError(kept.error(), kWhat));
    auto certificate =
        hsm::selfSignEcdsa(session, *pair,
                           {QStringLiteral("kps station %1").arg(config.stationName).toStdString(),
                            "kps", 3650, true});
    if (!certificate)
        return tl::unexpected(deviceError(certificate.error(), kWhat));
    KPS_TRY(writePem(config, labels::kSigningKey, *certificate));
    return *certificate;
}

Done makeImportIdentity(const hsm::Session& session, const VaultConfig& config,
                        const x509::Der& issuer) {
    auto signingKey = hsm::findByLabel(session, CKO_PRIVATE_KEY, labels::kSigningKey);
    auto publicPolicy = policy::importPublic(labels::kImportKey);
    auto privatePolicy = policy::importPrivate(labels::kImportKey);
    auto pair = hsm::generateKeyPair(session, CKM_RSA_PKCS_KEY_PAIR_GEN, publicPolicy,
                                     privatePolicy, labels::kImportKey);
    if (!signingKey || !pair)
        return tl::unexpected(deviceError(signingKey ? pair.error() : signingKey.error(), kWhat));
    if (auto kept = hsm::checkFlags(session, pair->privateKey, policy::privateKeyFlags(),
                                    labels::kImportKey);
        !kept)
        return tl::unexpected(deviceError(kept.error(), kWhat));
    auto certificate = hsm::issueWithEcdsa(
        session, *signingKey, issuer, pair->publicKey,
        {QStringLiteral("kps station %1 import").arg(config.stationName).toStdString(), "kps", 3650,
         false});
    if (!certificate)
        return tl::unexpected(deviceError(certificate.error(), kWhat));
    return writePem(config, labels::kImportKey, *certificate);
}

Outcome<std::vector<MasterCheck>> makeManufKeys(const hsm::Session& session) {
    const std::pair<hsm::SecretKeyPolicy, const char*> keys[] = {
        {policy::manufMaster(labels::kManufData, 32), "DATA"},
        {policy::manufMaster(labels::kManufDm, 32), "DM"},
        {policy::fixedKey(labels::kManufLocalKey), "LOCAL"},
        {policy::fixedKey(labels::kManufLocalPassword), "PASSWORD"},
    };
    std::vector<MasterCheck> checks;
    for (const auto& [keyPolicy, name] : keys) {
        KPS_TRY_LET(made, generateWithKcv(session, keyPolicy, kWhat));
        checks.push_back(
            {QString::fromLatin1(name), QString::fromStdString(keyPolicy.label), made.kcv});
    }
    return checks;
}

/// A token that already holds a station is never taken over.
Done refuseUsedToken(const hsm::Session& session, const QString& token) {
    hsm::Attributes filter;
    filter.text(CKA_LABEL, labels::kSigningKey);
    auto found = hsm::findObjects(session, filter, labels::kSigningKey);
    if (!found)
        return tl::unexpected(deviceError(found.error(), kWhat));
    if (!found->empty())
        return failure(ErrorKind::Refused, kWhat, token,
                       QStringLiteral("the token holds a station identity already"),
                       QStringLiteral("Use a fresh token; a station's keys are never reused"));
    return {};
}

/// The embedded SoftHSM token is initialised here; a token named by URI (a network
/// or hardware HSM) was initialised by its administrators and is taken as it is.
Outcome<OpenedToken> prepareToken(const VaultConfig& config, const secure::SecretBytes& soPin,
                                  const secure::SecretBytes& userPin) {
    if (config.tokenUri.isEmpty()) {
        KPS_TRY_LET(module, loadModule(config, kWhat));
        if (auto slot =
                hsm::initializeToken(module, config.tokenLabel.toStdString(), soPin, userPin);
            !slot)
            return tl::unexpected(deviceError(slot.error(), kWhat));
    }
    auto opened = openToken(config, userPin, kWhat);
    if (!opened)
        return opened;
    KPS_TRY(refuseUsedToken(opened->session, opened->tokenName));
    KPS_TRY(checkMechanisms(opened->module, opened->session.slot(), kWhat));
    return opened;
}

} // namespace

Outcome<std::vector<MasterCheck>> HsmVault::initialize(const VaultConfig& config,
                                                       const secure::SecretBytes& soPin,
                                                       const secure::SecretBytes& userPin) {
    KPS_TRY_LET(token, prepareToken(config, soPin, userPin));
    KPS_TRY_LET(signing, makeSigningIdentity(token.session, config));
    KPS_TRY(makeImportIdentity(token.session, config, signing));
    auto checks = makeManufKeys(token.session);
    if (checks && !config.softHsmDirectory.isEmpty())
        if (auto saved = hsm::backupSoftHsmTokens(config.softHsmDirectory.toStdString()); !saved)
            return tl::unexpected(deviceError(saved.error(), kWhat));
    return checks;
}

} // namespace kps::provisioning
