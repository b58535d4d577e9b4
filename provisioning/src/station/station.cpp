#include "kps/provisioning/station.hpp"

#include "../vault/hsm_vault.hpp"
#include "kps/hsm/uri.hpp"
#include "kps/schemas/validator.hpp"
#include "station_core.hpp"
#include "station_trust.hpp"

#include <QDir>
#include <QFile>
#include <optional>

namespace kps::provisioning {

Station::Station()
    : core_(std::make_unique<StationCore>())
    , users_(std::make_unique<Users>(*this, *core_))
    , orders_(std::make_unique<Orders>(*this, *core_))
    , line_(std::make_unique<Line>(*this, *core_))
    , custody_(std::make_unique<Custody>(*this, *core_))
    , audit_(std::make_unique<AuditTrail>(*this, *core_)) {}

Station::~Station() {
    // The audit signer signs through the vault's module: drop every holder of it
    // before the vault unloads the module.
    core_->store.reset();
    core_->location.auditSigner.reset();
    core_->vault.reset();
}

const StationPaths& Station::paths() const {
    return core_->paths;
}

const QString& Station::name() const {
    return core_->name;
}

bool Station::sharedRegistry() const {
    return core_->location.shared();
}

const StationIdentity& Station::identity() const {
    return core_->vault->identity();
}

x509::Signer& Station::signer() {
    return *core_->vault->signer();
}

namespace {

/// The user PIN: the one given, else the station's configured PIN file.
Outcome<secure::SecretBytes> userPin(PinSource given, const QString& configuredFile) {
    const QString what = QStringLiteral("read user PIN");
    if (given.value)
        return std::move(*given.value);
    const QString file = given.file.isEmpty() ? configuredFile : given.file;
    if (file.isEmpty())
        return failure(ErrorKind::Refused, what, {}, QStringLiteral("no PIN given"),
                       QStringLiteral("Set KPS_USER_PIN or KPS_USER_PIN_FILE"));
    auto pin = secure::readPinFile(file.toStdString());
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

} // namespace

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

Outcome<std::unique_ptr<Station>> Station::open(const QString& dataDirectory,
                                                PinSource userPinSource) {
    const QString what = QStringLiteral("open station");
    std::unique_ptr<Station> station(new Station());
    StationCore& core = *station->core_;
    core.paths = {QDir(dataDirectory).absolutePath()};
    const StationPaths& paths = core.paths;
    if (!QFile::exists(paths.config()))
        return failure(ErrorKind::Refused, what, paths.root, QStringLiteral("no station here"),
                       QStringLiteral("Run kps init, or pass --data with the station directory"));
    KPS_TRY_LET_MAP(
        config, schemas::readDocument(paths.config(), QStringLiteral("kps-station/1")),
        [&](const schemas::InputProblem& problem) { return Error::fromInput(problem, what); });
    KPS_TRY(checkStationTree(paths, config)); // before anything in it is used (station_trust)
    const QJsonObject hsmConfig = config[QStringLiteral("hsm")].toObject();
    const QJsonObject storeConfig = config[QStringLiteral("store")].toObject();
    const QDir root(paths.root);
    core.name = config[QStringLiteral("name")].toString();
    VaultConfig vault{
        hsmConfig[QStringLiteral("module")].toString(),
        hsmConfig[QStringLiteral("token")].toString(),
        hsmConfig.contains(QStringLiteral("softhsmDirectory"))
            ? root.absoluteFilePath(hsmConfig[QStringLiteral("softhsmDirectory")].toString())
            : QString(),
        core.name,
        paths.publicCertificates(),
        hsmConfig[QStringLiteral("uri")].toString()};
    KPS_TRY_LET(pinFile, configuredPinFile(hsmConfig, root, paths.config()));
    KPS_TRY_LET(pin, userPin(std::move(userPinSource), pinFile));
    KPS_TRY_LET(opened, HsmVault::open(vault, pin));
    const QStringList repaired = opened->repairedTokens();
    core.vault = std::move(opened);
    core.location = storeLocationFrom(storeConfig, root, core.name);
    core.location.auditSigner = auditSignerFor(core.vault->signer());
    core.location.checkpointEvery =
        config[QStringLiteral("audit")][QStringLiteral("checkpointEvery")].toInt(kCheckpointEvery);
    KPS_TRY_LET(store, Store::open(core.location, QStringLiteral("station")));
    core.store = std::make_unique<Store>(std::move(store));
    if (!repaired.isEmpty()) // a process was killed while SoftHSM rewrote its token file
        KPS_TRY(station->audit().append(QStringLiteral("station"),
                                        QStringLiteral("hsm.token-repaired"), core.name,
                                        {{QStringLiteral("tokens"), repaired.join(u',')}}));
    return station;
}

} // namespace kps::provisioning
