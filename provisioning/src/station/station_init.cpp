// kps init: data directory, PINs, HSM token with the station identity and MANUF
// keys, database, configuration. station.json is written last: a directory without
// it holds no usable station.
#include "../vault/hsm_vault.hpp"
#include "kps/hsm/module.hpp"
#include "kps/hsm/uri.hpp"
#include "kps/provisioning/pin_hash.hpp"
#include "kps/provisioning/so_pin_shares.hpp"
#include "kps/provisioning/station.hpp"
#include "kps/secure/pin.hpp"
#include "station_trust.hpp"

#include <QDir>
#include <QFile>
#include <QJsonArray>
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

/// A PIN the caller gave (its value, or a file); the custodians' are never made here.
Outcome<secure::SecretBytes> givenPin(PinSource given, const QString& whose) {
    if (given.value)
        return std::move(*given.value);
    if (given.file.isEmpty())
        return failure(ErrorKind::Refused, kWhat, whose,
                       QStringLiteral("the key custodian's PIN is not given"),
                       QStringLiteral("Each custodian chooses their own PIN at kps init "
                                      "(KPS_CUSTODIAN1_PIN_FILE, KPS_CUSTODIAN2_PIN_FILE)"));
    auto pin = secure::readPinFile(given.file.toStdString());
    if (!pin)
        return tl::unexpected(deviceError(pin.error(), kWhat));
    return std::move(*pin);
}

struct Enrolled {
    QString name;
    secure::SecretBytes pin;
};

/// The ceremony's first two key custodians, checked before anything is created.
Outcome<std::vector<Enrolled>> takeCustodians(InitOptions& options) {
    if (options.custodians.size() != 2)
        return failure(ErrorKind::Refused, kWhat, options.dataDirectory,
                       QStringLiteral("a station starts with exactly two key custodians"),
                       QStringLiteral("Name them: kps init --custodian1 NAME --custodian2 NAME"));
    const QString& first = options.custodians[0].name;
    const QString& second = options.custodians[1].name;
    if (first.isEmpty() || second.isEmpty() || first == second || first == options.adminName ||
        second == options.adminName)
        return failure(ErrorKind::BadInput, kWhat, QStringLiteral("%1, %2").arg(first, second),
                       QStringLiteral("the two key custodians need two names of their own, "
                                      "neither the administrator's"));
    std::vector<Enrolled> enrolled;
    for (InitialCustodian& custodian : options.custodians) {
        KPS_TRY_LET(pin, givenPin(std::move(custodian.pin), custodian.name));
        if (pin.size() < 6)
            return failure(ErrorKind::BadInput, kWhat, custodian.name,
                           QStringLiteral("a PIN has at least 6 characters"));
        enrolled.push_back({custodian.name, std::move(pin)});
    }
    return enrolled;
}

/// The SO PIN: the one given (the caller keeps it), else a fresh one whose two shares
/// go to the custodians' files; the PIN itself is written nowhere.
Outcome<secure::SecretBytes> chooseSoPin(InitOptions& options, const StationPaths& paths) {
    if (options.soPin.given())
        return givenPin(std::move(options.soPin), QStringLiteral("KPS_SO_PIN"));
    secure::SecretBytes pin = secure::randomPin(16);
    const SoPinShares shares = splitSoPin(pin);
    const secure::SecretBytes* parts[] = {&shares.first, &shares.second};
    for (std::size_t i = 0; i < 2; ++i) {
        QString file = options.soShareFiles[i];
        if (file.isEmpty())
            file = QDir(paths.secrets()).filePath(QStringLiteral("so-share-%1.pin").arg(i + 1));
        if (auto written = secure::writePinFile(file.toStdString(), *parts[i]); !written)
            return tl::unexpected(deviceError(written.error(), kWhat));
    }
    return pin;
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
                   const InitOptions& options, const secure::SecretBytes& adminPin,
                   const std::vector<Enrolled>& custodians, bool soPinShared) {
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
        QJsonArray names;
        for (const Enrolled& custodian : custodians) {
            const UserRow row{
                custodian.name, QStringLiteral("custodian"), {}, hashPin(custodian.pin), 0, false};
            KPS_TRY(store.users().insert(row, now, options.actor));
            names.append(custodian.name);
        }
        const QJsonObject detail{
            {QStringLiteral("masters"), kcvs},
            {QStringLiteral("admin"), options.adminName},
            {QStringLiteral("custodians"), names},
            {QStringLiteral("soPin"), soPinShared ? QStringLiteral("split between the custodians")
                                                  : QStringLiteral("kept by whoever gave it")}};
        KPS_TRY(store.audit().append(options.actor, QStringLiteral("station.init"),
                                     options.stationName, detail, now));
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
    KPS_TRY_LET(custodians, takeCustodians(options));
    const bool soPinShared = options.tokenUri.isEmpty() && !options.soPin.given();
    KPS_TRY(prepareDirectories(paths));
    KPS_TRY_LET(userPin, pinSource.isEmpty()
                             ? choosePin(std::move(options.userPin), paths, "user.pin")
                             : pinFromSource(pinSource));
    // An adopted token (by URI) keeps its security officer PIN with its administrators.
    KPS_TRY_LET(soPin, options.tokenUri.isEmpty() ? chooseSoPin(options, paths)
                                                  : Outcome<secure::SecretBytes>());
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
    KPS_TRY_LET(masters, HsmVault::initialize(vault, soPin, userPin.pin));
    KPS_TRY(recordInStore(paths, masters, options, adminPin.pin, custodians, soPinShared));
    KPS_TRY(restrictStationFiles(paths)); // whatever the umask: the store is the station's own
    return writeConfig(paths, options, vault, userPin.file);
}

} // namespace kps::provisioning
