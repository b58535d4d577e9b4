#include "kps/provisioning/station.hpp"

#include "../vault/hsm_vault.hpp"
#include "kps/hsm/uri.hpp"
#include "kps/schemas/validator.hpp"
#include "kps/secure/pin.hpp"
#include "station_trust.hpp"

#include <QDir>
#include <QFile>
#include <optional>

namespace kps::provisioning {

Station::~Station() {
    // The audit signer signs through the vault's module: drop every holder of it
    // before the vault unloads the module.
    store_.reset();
    location_.auditSigner.reset();
    vault_.reset();
}

Outcome<secure::SecretBytes> userPin(const QString& configuredFile) {
    const QString what = QStringLiteral("read user PIN");
    secure::PinResult<secure::SecretBytes> pin = tl::unexpected(secure::PinError{});
    if (qEnvironmentVariableIsSet("KPS_USER_PIN"))
        pin = secure::takePinFromEnvironment("KPS_USER_PIN");
    else if (qEnvironmentVariableIsSet("KPS_USER_PIN_FILE"))
        pin = secure::readPinFile(qEnvironmentVariable("KPS_USER_PIN_FILE").toStdString());
    else if (!configuredFile.isEmpty())
        pin = secure::readPinFile(configuredFile.toStdString());
    else
        return failure(ErrorKind::Refused, what, {}, QStringLiteral("no PIN given"),
                       QStringLiteral("Set KPS_USER_PIN or KPS_USER_PIN_FILE"));
    if (!pin)
        return tl::unexpected(deviceError(pin.error(), what));
    return std::move(*pin);
}

/// The user PIN file of the configuration: userPinFile, else the pin-source of the
/// token URI (pin-value is refused when the URI is parsed, which happens here, before
/// the HSM is touched, so that the message names the configuration file).
Outcome<QString> configuredPinFile(const QJsonObject& hsmConfig, const QDir& root,
                                   const QString& configFile) {
    const QString uri = hsmConfig[QStringLiteral("uri")].toString();
    std::optional<hsm::Pkcs11Uri> parsed;
    if (!uri.isEmpty()) {
        auto checked = hsm::Pkcs11Uri::parse(uri.toStdString());
        if (!checked)
            return failure(ErrorKind::BadInput, QStringLiteral("open station"),
                           configFile + QStringLiteral(": /hsm/uri"),
                           QString::fromStdString(checked.error().message()),
                           QStringLiteral("Nothing was changed"));
        parsed.emplace(std::move(*checked));
    }
    if (hsmConfig.contains(QStringLiteral("userPinFile")))
        return root.absoluteFilePath(hsmConfig[QStringLiteral("userPinFile")].toString());
    if (!parsed)
        return QString();
    const auto source = parsed->pinSource();
    return source ? root.absoluteFilePath(QString::fromStdString(*source)) : QString();
}

StoreLocation storeLocationFrom(const QJsonObject& storeConfig, const QDir& root,
                                const QString& stationName) {
    StoreLocation location;
    location.driver = storeConfig[QStringLiteral("driver")].toString();
    const QString database = storeConfig[QStringLiteral("database")].toString();
    if (!location.shared()) {
        location.database = root.absoluteFilePath(database);
        return location;
    }
    location.database = database;
    location.host = storeConfig[QStringLiteral("host")].toString(QStringLiteral("127.0.0.1"));
    location.port = storeConfig[QStringLiteral("port")].toInt(5432);
    location.user = storeConfig[QStringLiteral("user")].toString();
    if (storeConfig.contains(QStringLiteral("passwordFile")))
        location.passwordFile =
            root.absoluteFilePath(storeConfig[QStringLiteral("passwordFile")].toString());
    location.station = stationName; // several stations: each has its own chain and rows
    return location;
}

QJsonObject storeConfigOf(const StoreLocation& location, const QString& databaseFile) {
    if (!location.shared())
        return {{QStringLiteral("driver"), QStringLiteral("QSQLITE")},
                {QStringLiteral("database"), databaseFile}};
    QJsonObject config{{QStringLiteral("driver"), location.driver},
                       {QStringLiteral("database"), location.database},
                       {QStringLiteral("host"), location.host},
                       {QStringLiteral("port"), location.port},
                       {QStringLiteral("user"), location.user}};
    if (!location.passwordFile.isEmpty())
        config.insert(QStringLiteral("passwordFile"), location.passwordFile);
    return config;
}

Outcome<std::unique_ptr<Station>> Station::open(const QString& dataDirectory) {
    const QString what = QStringLiteral("open station");
    std::unique_ptr<Station> station(new Station());
    station->paths_ = {QDir(dataDirectory).absolutePath()};
    const StationPaths& paths = station->paths_;
    if (!QFile::exists(paths.config()))
        return failure(ErrorKind::Refused, what, paths.root, QStringLiteral("no station here"),
                       QStringLiteral("Run kps init, or pass --data with the station directory"));
    auto config = schemas::readDocument(paths.config(), QStringLiteral("kps-station/1"));
    if (!config)
        return tl::unexpected(Error::fromInput(config.error(), what));
    KPS_TRY(checkStationTree(paths, *config)); // before anything in it is used (station_trust)
    const QJsonObject hsmConfig = (*config)[QStringLiteral("hsm")].toObject();
    const QJsonObject storeConfig = (*config)[QStringLiteral("store")].toObject();
    const QDir root(paths.root);
    station->name_ = (*config)[QStringLiteral("name")].toString();
    VaultConfig vault{
        hsmConfig[QStringLiteral("module")].toString(),
        hsmConfig[QStringLiteral("token")].toString(),
        hsmConfig.contains(QStringLiteral("softhsmDirectory"))
            ? root.absoluteFilePath(hsmConfig[QStringLiteral("softhsmDirectory")].toString())
            : QString(),
        station->name_,
        paths.publicCertificates(),
        hsmConfig[QStringLiteral("uri")].toString()};
    auto pinFile = configuredPinFile(hsmConfig, root, paths.config());
    if (!pinFile)
        return tl::unexpected(pinFile.error());
    auto pin = userPin(*pinFile);
    if (!pin)
        return tl::unexpected(pin.error());
    auto opened = HsmVault::open(vault, *pin);
    if (!opened)
        return tl::unexpected(opened.error());
    const QStringList repaired = (*opened)->repairedTokens();
    station->vault_ = std::move(*opened);
    station->location_ = storeLocationFrom(storeConfig, root, station->name_);
    station->location_.auditSigner = auditSignerFor(station->vault_->signer());
    station->location_.checkpointEvery =
        (*config)[QStringLiteral("audit")][QStringLiteral("checkpointEvery")].toInt(
            kCheckpointEvery);
    auto store = Store::open(station->location_, QStringLiteral("station"));
    if (!store)
        return tl::unexpected(store.error());
    station->store_ = std::make_unique<Store>(std::move(*store));
    if (!repaired.isEmpty()) // a process was killed while SoftHSM rewrote its token file
        KPS_TRY(station->audit(QStringLiteral("station"), QStringLiteral("hsm.token-repaired"),
                               station->name_, {{QStringLiteral("tokens"), repaired.join(u',')}}));
    return station;
}

Outcome<AuditEntry> Station::audit(const QString& actor, const QString& event,
                                   const QString& subject, const QJsonObject& detail) {
    std::optional<AuditEntry> entry;
    auto done = store_->inTransaction([&]() -> Done {
        auto appended =
            store_->appendAudit(actor, event, subject, detail, QDateTime::currentDateTimeUtc());
        if (!appended)
            return tl::unexpected(appended.error());
        entry = *appended;
        return {};
    });
    if (!done)
        return tl::unexpected(done.error());
    return *entry;
}

Outcome<OrderRecord> Station::order(const QString& orderId) {
    auto record = store_->order(orderId);
    if (!record)
        return tl::unexpected(record.error());
    if (!*record)
        return failure(ErrorKind::BadInput, QStringLiteral("find order"), orderId,
                       QStringLiteral("no such order"),
                       QStringLiteral("Register it with kps order add"));
    return std::move(**record);
}

Outcome<Profile> Station::profile(const QString& name) {
    return loadProfile(name, paths_.profiles());
}

} // namespace kps::provisioning
