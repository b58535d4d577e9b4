// kps init: data directory, PINs, HSM token with the station identity and MANUF
// keys, database, configuration. station.json is written last: a directory without
// it holds no usable station.
#include "../vault/hsm_vault.hpp"
#include "kps/hsm/module.hpp"
#include "kps/hsm/uri.hpp"
#include "kps/provisioning/pin_hash.hpp"
#include "kps/provisioning/station.hpp"
#include "kps/secure/pin.hpp"
#include "station_trust.hpp"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace kps::provisioning {
namespace {

const QString kWhat = QStringLiteral("initialise station");

struct PinChoice {
    secure::SecretBytes pin;
    QString file; // relative to the data directory, empty if the PIN came from the environment
};

Outcome<PinChoice> choosePin(const char* variable, const char* fileVariable,
                             const StationPaths& paths, const char* defaultFile) {
    if (qEnvironmentVariableIsSet(variable)) {
        auto pin = secure::takePinFromEnvironment(variable);
        if (!pin)
            return tl::unexpected(deviceError(pin.error(), kWhat));
        return PinChoice{std::move(*pin), {}};
    }
    if (qEnvironmentVariableIsSet(fileVariable)) {
        const QString path = qEnvironmentVariable(fileVariable);
        auto pin = secure::readPinFile(path.toStdString());
        if (!pin)
            return tl::unexpected(deviceError(pin.error(), kWhat));
        return PinChoice{std::move(*pin), QDir(paths.root).absoluteFilePath(path)};
    }
    const QString path = QDir(paths.secrets()).filePath(QString::fromLatin1(defaultFile));
    auto pin = secure::randomPin(16);
    if (auto written = secure::writePinFile(path.toStdString(), pin); !written)
        return tl::unexpected(deviceError(written.error(), kWhat));
    return PinChoice{std::move(pin), QStringLiteral("secrets/") + QString::fromLatin1(defaultFile)};
}

Done prepareDirectories(const StationPaths& paths) {
    if (QFile::exists(paths.config()))
        return failure(ErrorKind::Refused, kWhat, paths.root,
                       QStringLiteral("the directory holds a station already"),
                       QStringLiteral("Use another --data directory"));
    if (QDir(paths.hsm()).exists() || QFile::exists(paths.database()))
        return failure(
            ErrorKind::Refused, kWhat, paths.root,
            QStringLiteral(
                "the directory holds parts of a station whose initialisation did not finish"),
            QStringLiteral("Remove the directory and run kps init again"));
    for (const QString& dir : {paths.root, paths.secrets(), paths.publicCertificates(),
                               paths.profiles(), paths.orders(), paths.exports()})
        if (!QDir().mkpath(dir))
            return failure(ErrorKind::Store, kWhat, dir,
                           QStringLiteral("cannot create the directory"));
    QFile::setPermissions(paths.secrets(),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return {};
}

Done writeConfig(const StationPaths& paths, const InitOptions& options, const VaultConfig& vault,
                 const QString& pinFile) {
    QJsonObject hsmConfig{{QStringLiteral("module"), vault.modulePath},
                          {QStringLiteral("token"), vault.tokenLabel}};
    if (!vault.tokenUri.isEmpty())
        hsmConfig.insert(QStringLiteral("uri"), vault.tokenUri);
    if (!vault.softHsmDirectory.isEmpty())
        hsmConfig.insert(QStringLiteral("softhsmDirectory"), QStringLiteral("hsm"));
    if (!pinFile.isEmpty())
        hsmConfig.insert(QStringLiteral("userPinFile"), pinFile);
    const QJsonObject config{
        {QStringLiteral("format"), QStringLiteral("kps-station/1")},
        {QStringLiteral("name"), options.stationName},
        {QStringLiteral("hsm"), hsmConfig},
        {QStringLiteral("store"), storeConfigOf(options.store, QStringLiteral("kps.sqlite"))}};
    QFile file(paths.config());
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly) ||
        file.write(QJsonDocument(config).toJson()) < 0 || !file.flush())
        return failure(ErrorKind::Store, kWhat, paths.config(), file.errorString());
    return {};
}

Done recordInStore(const StationPaths& paths, const std::vector<MasterCheck>& masters,
                   const InitOptions& options, const secure::SecretBytes& adminPin) {
    StoreLocation location = options.store;
    if (location.shared())
        location.station = options.stationName;
    else
        location = {QStringLiteral("QSQLITE"), paths.database(), true};
    auto store = Store::open(location, QStringLiteral("init"));
    if (!store)
        return tl::unexpected(store.error());
    return store->inTransaction([&]() -> Done {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QJsonObject kcvs;
        for (const MasterCheck& master : masters) {
            if (auto done = store->recordMaster({}, master.name, master.label, master.kcv, now);
                !done)
                return done;
            kcvs.insert(master.label, master.kcv);
        }
        const UserRow admin{
            options.adminName, QStringLiteral("admin"), {}, hashPin(adminPin), 0, false};
        if (auto added = store->insertUser(admin, now, options.actor); !added)
            return added;
        auto audited =
            store->appendAudit(options.actor, QStringLiteral("station.init"), options.stationName,
                               QJsonObject{{QStringLiteral("masters"), kcvs},
                                           {QStringLiteral("admin"), options.adminName}},
                               now);
        return audited ? Done{} : Done(tl::unexpected(audited.error()));
    });
}

/// The PIN file an adopted token's URI names (pin-source), when no PIN is given in the
/// environment; empty when the environment gives one or the token is ours to create.
Outcome<QString> adoptedTokenPinSource(const InitOptions& options) {
    if (options.tokenUri.isEmpty() || qEnvironmentVariableIsSet("KPS_USER_PIN") ||
        qEnvironmentVariableIsSet("KPS_USER_PIN_FILE"))
        return QString();
    auto uri = hsm::Pkcs11Uri::parse(options.tokenUri.toStdString());
    if (!uri)
        return failure(ErrorKind::BadInput, kWhat, QStringLiteral("--uri"),
                       QString::fromStdString(uri.error().message()));
    if (auto source = uri->pinSource())
        return QString::fromStdString(*source);
    return failure(ErrorKind::Refused, kWhat, options.tokenUri,
                   QStringLiteral("an initialised token's user PIN is not ours to invent"),
                   QStringLiteral("Give it with KPS_USER_PIN(_FILE) or pin-source in the URI"));
}

Outcome<PinChoice> pinFromSource(const QString& file) {
    auto pin = secure::readPinFile(file.toStdString());
    if (!pin)
        return tl::unexpected(deviceError(pin.error(), kWhat));
    return PinChoice{std::move(*pin), {}}; // the URI in station.json keeps naming the file
}

} // namespace

Done Station::initialize(const InitOptions& options) {
    StationPaths paths{QDir(options.dataDirectory).absolutePath()};
    auto pinSource = adoptedTokenPinSource(options);
    if (!pinSource)
        return tl::unexpected(pinSource.error());
    if (auto ready = prepareDirectories(paths); !ready)
        return ready;
    auto userPin = pinSource->isEmpty()
                       ? choosePin("KPS_USER_PIN", "KPS_USER_PIN_FILE", paths, "user.pin")
                       : pinFromSource(*pinSource);
    if (!userPin)
        return tl::unexpected(userPin.error());
    // An adopted token (by URI) keeps its security officer PIN with its administrators.
    auto soPin = options.tokenUri.isEmpty()
                     ? choosePin("KPS_SO_PIN", "KPS_SO_PIN_FILE", paths, "so.pin")
                     : Outcome<PinChoice>(PinChoice{});
    if (!soPin)
        return tl::unexpected(soPin.error());
    auto adminPin = choosePin("KPS_LOGIN_PIN", "KPS_LOGIN_PIN_FILE", paths, "admin.pin");
    if (!adminPin)
        return tl::unexpected(adminPin.error());
    VaultConfig vault;
    vault.modulePath = options.modulePath.isEmpty()
                           ? QString::fromStdString(hsm::defaultModulePath())
                           : options.modulePath;
    vault.tokenLabel = options.tokenLabel;
    vault.tokenUri = options.tokenUri;
    vault.softHsmDirectory =
        vault.modulePath.contains(QLatin1String("softhsm")) && options.tokenUri.isEmpty()
            ? paths.hsm()
            : QString();
    vault.stationName = options.stationName;
    vault.publicDirectory = paths.publicCertificates();
    auto masters = HsmVault::initialize(vault, soPin->pin, userPin->pin);
    if (!masters)
        return tl::unexpected(masters.error());
    if (auto recorded = recordInStore(paths, *masters, options, adminPin->pin); !recorded)
        return recorded;
    KPS_TRY(restrictStationFiles(paths)); // whatever the umask: the store is the station's own
    return writeConfig(paths, options, vault, userPin->file);
}

} // namespace kps::provisioning
