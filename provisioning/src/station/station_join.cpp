// kps init --join: one more station on a shared registry. It keeps its own data
// directory (configuration, PIN file, simulated line, exports), names its own audit
// chain, and uses the first station's HSM token and PostgreSQL store.
#include "../vault/hsm_vault.hpp"
#include "kps/provisioning/station.hpp"
#include "kps/schemas/validator.hpp"
#include "kps/secure/pin.hpp"

#include <QDir>
#include <QFile>
#include <QJsonDocument>

namespace kps::provisioning {
namespace {

const QString kJoin = QStringLiteral("join registry");

/// The joined station's HSM section with every path made absolute, and its user PIN
/// copied into this station's secrets/ (through a wiped buffer only).
Outcome<QJsonObject> sharedHsmConfig(const QJsonObject& joined, const QDir& joinedRoot,
                                     const StationPaths& paths) {
    QJsonObject config = joined;
    if (config.contains(QStringLiteral("softhsmDirectory")))
        config.insert(
            QStringLiteral("softhsmDirectory"),
            joinedRoot.absoluteFilePath(config[QStringLiteral("softhsmDirectory")].toString()));
    if (!config.contains(QStringLiteral("userPinFile")))
        return config; // the PIN comes from the environment or the token URI
    const QString from =
        joinedRoot.absoluteFilePath(config[QStringLiteral("userPinFile")].toString());
    auto pin = secure::readPinFile(from.toStdString());
    if (!pin)
        return tl::unexpected(deviceError(pin.error(), kJoin));
    const QString to = QDir(paths.secrets()).filePath(QStringLiteral("user.pin"));
    if (auto written = secure::writePinFile(to.toStdString(), *pin); !written)
        return tl::unexpected(deviceError(written.error(), kJoin));
    config.insert(QStringLiteral("userPinFile"), QStringLiteral("secrets/user.pin"));
    return config;
}

Done copyCertificates(const QString& from, const QString& to) {
    for (const QFileInfo& file : QDir(from).entryInfoList(QDir::Files))
        if (!QFile::copy(file.filePath(), QDir(to).filePath(file.fileName())))
            return failure(ErrorKind::Store, kJoin, file.filePath(),
                           QStringLiteral("cannot copy the certificate"));
    return {};
}

Done makeDirectories(const StationPaths& paths) {
    if (QFile::exists(paths.config()))
        return failure(ErrorKind::Refused, kJoin, paths.root,
                       QStringLiteral("the directory holds a station already"),
                       QStringLiteral("Use another --data directory"));
    for (const QString& dir : {paths.root, paths.secrets(), paths.publicCertificates(),
                               paths.profiles(), paths.orders(), paths.exports()})
        if (!QDir().mkpath(dir))
            return failure(ErrorKind::Store, kJoin, dir, QStringLiteral("cannot create it"));
    QFile::setPermissions(paths.secrets(),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return {};
}

/// The new station's name must be new to the registry: its audit chain starts empty.
Done recordJoin(const StoreLocation& location, const JoinOptions& options,
                const QString& joinedName, const QString& actor) {
    KPS_TRY_LET(store, Store::open(location, QStringLiteral("join")));
    KPS_TRY_LET(chains, store.audit().stations());
    if (chains.contains(options.stationName))
        return failure(ErrorKind::Refused, kJoin, options.stationName,
                       QStringLiteral("a station of this name is in the registry already"),
                       QStringLiteral("Give the new station a name of its own with --name"));
    return store.inTransaction([&]() -> Done {
        KPS_TRY(store.audit().append(actor, QStringLiteral("station.joined"), options.stationName,
                                     {{QStringLiteral("registry"), location.describe()},
                                      {QStringLiteral("joined"), joinedName}},
                                     QDateTime::currentDateTimeUtc()));
        return {};
    });
}

} // namespace

Done Station::join(const JoinOptions& options, Station& registry, const Principal& administrator) {
    KPS_TRY(registry.users().require(administrator, Action::ManageUsers,
                                     QStringLiteral("station join")));
    const StationPaths paths{QDir(options.dataDirectory).absolutePath()};
    const StationPaths& joined = registry.paths();
    auto config = schemas::readDocument(joined.config(), QStringLiteral("kps-station/1"));
    if (!config)
        return tl::unexpected(Error::fromInput(config.error(), kJoin));
    const QDir joinedRoot(joined.root);
    const QString joinedName = (*config)[QStringLiteral("name")].toString();
    StoreLocation location = storeLocationFrom((*config)[QStringLiteral("store")].toObject(),
                                               joinedRoot, options.stationName);
    if (!location.shared())
        return failure(ErrorKind::Refused, kJoin, joined.config(),
                       QStringLiteral("its store is a SQLite file, which belongs to one station"),
                       QStringLiteral("Stations share a PostgreSQL registry: initialise the "
                                      "first one with kps init --pg-host ..."));
    if (joinedName == options.stationName)
        return failure(ErrorKind::Refused, kJoin, options.stationName,
                       QStringLiteral("the joined station has this name"),
                       QStringLiteral("Give the new station a name of its own with --name"));
    KPS_TRY(makeDirectories(paths));
    KPS_TRY_LET(hsmConfig,
                sharedHsmConfig((*config)[QStringLiteral("hsm")].toObject(), joinedRoot, paths));
    KPS_TRY(copyCertificates(joined.publicCertificates(), paths.publicCertificates()));
    KPS_TRY(recordJoin(location, options, joinedName, administrator.user));
    const QJsonObject station{{QStringLiteral("format"), QStringLiteral("kps-station/1")},
                              {QStringLiteral("name"), options.stationName},
                              {QStringLiteral("hsm"), hsmConfig},
                              {QStringLiteral("store"), storeConfigOf(location, {})}};
    QFile file(paths.config());
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly) ||
        file.write(QJsonDocument(station).toJson()) < 0 || !file.flush())
        return failure(ErrorKind::Store, kJoin, paths.config(), file.errorString());
    return {};
}

} // namespace kps::provisioning
