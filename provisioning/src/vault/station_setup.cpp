// kps init on the HSM side: token, station identity, MANUF keys.
#include "hsm_vault.hpp"
#include "key_policies.hpp"
#include "kps/hsm/certificates.hpp"
#include "kps/hsm/key_ops.hpp"
#include "kps/hsm/softhsm.hpp"
#include "kps/hsm/token.hpp"
#include "labels.hpp"

#include <QDir>
#include <QFile>

namespace kps::provisioning {
namespace {

const QString kWhat = QStringLiteral("initialise HSM");

Done writePem(const VaultConfig& config, const char* name, const hsm::Der& der) {
    QDir().mkpath(config.publicDirectory);
    QFile file(
        QDir(config.publicDirectory).filePath(QString::fromLatin1(name) + QStringLiteral(".crt")));
    const std::string pem = hsm::certificateToPem(der);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly) ||
        file.write(pem.data(), qint64(pem.size())) != qint64(pem.size()))
        return failure(ErrorKind::Store, kWhat, file.fileName(), file.errorString(),
                       QStringLiteral("The public directory must be writable and empty"));
    return {};
}

Outcome<hsm::Der> makeSigningIdentity(const hsm::Session& session, const VaultConfig& config) {
    auto publicPolicy = policy::signingPublic(labels::kSigningKey);
    auto privatePolicy = policy::signingPrivate(labels::kSigningKey);
    auto pair = hsm::generateKeyPair(session, CKM_EC_KEY_PAIR_GEN, publicPolicy, privatePolicy,
                                     labels::kSigningKey);
    if (!pair)
        return tl::unexpected(deviceError(pair.error(), kWhat));
    auto certificate =
        hsm::selfSignEcdsa(session, *pair,
                           {QStringLiteral("kps station %1").arg(config.stationName).toStdString(),
                            "kps", 3650, true});
    if (!certificate)
        return tl::unexpected(deviceError(certificate.error(), kWhat));
    if (auto written = writePem(config, labels::kSigningKey, *certificate); !written)
        return tl::unexpected(written.error());
    return *certificate;
}

Done makeImportIdentity(const hsm::Session& session, const VaultConfig& config,
                        const hsm::Der& issuer) {
    auto signingKey = hsm::findByLabel(session, CKO_PRIVATE_KEY, labels::kSigningKey);
    auto publicPolicy = policy::importPublic(labels::kImportKey);
    auto privatePolicy = policy::importPrivate(labels::kImportKey);
    auto pair = hsm::generateKeyPair(session, CKM_RSA_PKCS_KEY_PAIR_GEN, publicPolicy,
                                     privatePolicy, labels::kImportKey);
    if (!signingKey || !pair)
        return tl::unexpected(deviceError(signingKey ? pair.error() : signingKey.error(), kWhat));
    auto certificate = hsm::issueWithEcdsa(
        session, *signingKey, issuer, pair->publicKey,
        {QStringLiteral("kps station %1 import").arg(config.stationName).toStdString(), "kps", 3650,
         false});
    if (!certificate)
        return tl::unexpected(deviceError(certificate.error(), kWhat));
    return writePem(config, labels::kImportKey, *certificate);
}

/// Generates a key, takes its KCV, then withdraws the signing right used for it.
Outcome<MasterCheck> makeKeyWithKcv(const hsm::Session& session, hsm::Attributes policy,
                                    const char* label, const QString& name) {
    auto key = hsm::generateKey(session, CKM_AES_KEY_GEN, policy, label);
    if (!key)
        return tl::unexpected(deviceError(key.error(), kWhat));
    auto kcv = hsm::kcvOf(session, *key, label);
    if (!kcv)
        return tl::unexpected(deviceError(kcv.error(), kWhat));
    if (auto locked = hsm::setFlag(session, *key, CKA_SIGN, false); !locked)
        return tl::unexpected(deviceError(locked.error(), kWhat));
    return MasterCheck{name, QString::fromLatin1(label), kcvText(*kcv)};
}

Outcome<std::vector<MasterCheck>> makeManufKeys(const hsm::Session& session) {
    std::vector<MasterCheck> checks;
    for (auto [label, name] :
         {std::pair{labels::kManufData, "DATA"}, std::pair{labels::kManufDm, "DM"}}) {
        auto made = makeKeyWithKcv(session, policy::master(label, 32, true), label,
                                   QString::fromLatin1(name));
        if (!made)
            return tl::unexpected(made.error());
        checks.push_back(*made);
    }
    for (auto [label, name] : {std::pair{labels::kManufLocalKey, "LOCAL"},
                               std::pair{labels::kManufLocalPassword, "PASSWORD"}}) {
        auto made =
            makeKeyWithKcv(session, policy::fixedKey(label), label, QString::fromLatin1(name));
        if (!made)
            return tl::unexpected(made.error());
        checks.push_back(*made);
    }
    return checks;
}

} // namespace

Outcome<std::vector<MasterCheck>> HsmVault::initialize(const VaultConfig& config,
                                                       const hsm::SecretBytes& soPin,
                                                       const hsm::SecretBytes& userPin) {
    if (!config.softHsmDirectory.isEmpty())
        if (auto ready = hsm::useSoftHsmIn(config.softHsmDirectory.toStdString()); !ready)
            return tl::unexpected(deviceError(ready.error(), kWhat));
    auto module = hsm::Module::load(config.modulePath.toStdString());
    if (!module)
        return tl::unexpected(deviceError(module.error(), kWhat));
    if (auto slot = hsm::initializeToken(*module, config.tokenLabel.toStdString(), soPin, userPin);
        !slot)
        return tl::unexpected(deviceError(slot.error(), kWhat));
    auto session = hsm::openUserSession(*module, config.tokenLabel.toStdString(), userPin);
    if (!session)
        return tl::unexpected(deviceError(session.error(), kWhat));
    auto signing = makeSigningIdentity(*session, config);
    if (!signing)
        return tl::unexpected(signing.error());
    if (auto import = makeImportIdentity(*session, config, *signing); !import)
        return tl::unexpected(import.error());
    return makeManufKeys(*session);
}

} // namespace kps::provisioning
