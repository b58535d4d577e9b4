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

/// The PIN given (its value, or a file the configuration then names), else a fresh one
/// written to secrets/`defaultFile`.
Outcome<PinChoice> choosePin(PinSource given, const StationPaths& paths, const char* defaultFile) {
    if (given.value)
        return PinChoice{std::move(*given.value), {}};
    if (!given.file.isEmpty()) {
        auto pin = secure::readPinFile(given.file.toStdString());
        if (!pin)
            return tl::unexpected(deviceError(pin.error(), kWhat));
        return PinChoice{std::move(*pin), QDir(paths.root).absoluteFilePath(given.file)};
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
    KPS_TRY_LET(store, Store::open(location, QStringLiteral("init")));
    return store.inTransaction([&]() -> Done {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QJsonObject kcvs;
        for (const MasterCheck& master : masters) {
            KPS_TRY(store.orders().recordMaster({}, master.name, master.label, master.kcv, now));
            kcvs.insert(master.label, master.kcv);
        }
        const UserRow admin{
            options.adminName, QStringLiteral("admin"), {}, hashPin(adminPin), 0, false};
        KPS_TRY(store.users().insert(admin, now, options.actor));
        KPS_TRY(store.audit().append(options.actor, QStringLiteral("station.init"),
                                     options.stationName,
                                     QJsonObject{{QStringLiteral("masters"), kcvs},
                                                 {QStringLiteral("admin"), options.adminName}},
                                     now));
        return {};
    });
}

/// The PIN file an adopted token's URI names (pin-source), when no user PIN is given;
/// empty when one is given or the token is ours to create.
Outcome<QString> adoptedTokenPinSource(const InitOptions& options) {
    if (options.tokenUri.isEmpty() || options.userPin.given())
        return QString();
    auto uri = hsm::Pkcs11Uri::parse(options.tokenUri.toStdString());
    if (!uri)
        return failure(ErrorKind::BadInput, kWhat, QStringLiteral("--uri"),
                       QString::fromStdString(uri.error().message()));
    if (auto source = uri->pinSource())
        return QString::fromStdString(*source);
    return failure(
        ErrorKind::Refused, kWhat, options.tokenUri,
        QStringLiteral("an initialised token's user PIN is not ours to invent"),
        QStringLiteral("Give it (KPS_USER_PIN(_FILE)) or name its pin-source in the URI"));
}

Outcome<PinChoice> pinFromSource(const QString& file) {
    auto pin = secure::readPinFile(file.toStdString());
    if (!pin)
        return tl::unexpected(deviceError(pin.error(), kWhat));
    return PinChoice{std::move(*pin), {}}; // the URI in station.json keeps naming the file
}

} // namespace

Done Station::initialize(InitOptions options) {
    StationPaths paths{QDir(options.dataDirectory).absolutePath()};
    KPS_TRY_LET(pinSource, adoptedTokenPinSource(options));
    KPS_TRY(prepareDirectories(paths));
    KPS_TRY_LET(userPin, pinSource.isEmpty()
                             ? choosePin(std::move(options.userPin), paths, "user.pin")
                             : pinFromSource(pinSource));
    // An adopted token (by URI) keeps its security officer PIN with its administrators.
    KPS_TRY_LET(soPin, options.tokenUri.isEmpty()
                           ? choosePin(std::move(options.soPin), paths, "so.pin")
                           : Outcome<PinChoice>(PinChoice{}));
    KPS_TRY_LET(adminPin, choosePin(std::move(options.adminPin), paths, "admin.pin"));
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
    KPS_TRY_LET(masters, HsmVault::initialize(vault, soPin.pin, userPin.pin));
    KPS_TRY(recordInStore(paths, masters, options, adminPin.pin));
    KPS_TRY(restrictStationFiles(paths)); // whatever the umask: the store is the station's own
    return writeConfig(paths, options, vault, userPin.file);
}

} // namespace kps::provisioning
