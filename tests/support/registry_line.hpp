#pragma once
// Several stations on one registry, for the registry test and bench: a scratch
// PostgreSQL database on the server the environment names, station 1 made in-process
// (staff, demo customer and head-end, a started order), stations 2..N joined to it with
// `kps init --join`, and `kps run` processes on each.
//
// The server comes from KPS_TEST_PG_HOST, KPS_TEST_PG_PORT, KPS_TEST_PG_USER,
// KPS_TEST_PG_DATABASE (an existing database to create the scratch one from) and
// KPS_TEST_PG_PASSFILE (pgpass format); scripts/test.sh starts a throwaway cluster and
// sets them.
#include "batch_check.hpp"
#include "cli_runner.hpp"
#include "kps/app/demo_party.hpp"
#include "kps/app/operations/login.hpp"
#include "kps/provisioning/station.hpp"
#include "order_ids.hpp"
#include "station_fixture.hpp"

#include <QProcess>
#include <QRandomGenerator>
#include <QSqlError>
#include <functional>
#include <optional>

namespace kps::test {

struct PgServer {
    QString host;
    int port = 5432;
    QString user;
    QString database;
    QString passFile;

    static std::optional<PgServer> fromEnvironment() {
        if (!qEnvironmentVariableIsSet("KPS_TEST_PG_HOST"))
            return std::nullopt;
        return PgServer{qEnvironmentVariable("KPS_TEST_PG_HOST"),
                        qEnvironmentVariableIntValue("KPS_TEST_PG_PORT"),
                        qEnvironmentVariable("KPS_TEST_PG_USER", QStringLiteral("kps")),
                        qEnvironmentVariable("KPS_TEST_PG_DATABASE", QStringLiteral("kps")),
                        qEnvironmentVariable("KPS_TEST_PG_PASSFILE")};
    }

    provisioning::StoreLocation location(const QString& database) const {
        provisioning::StoreLocation store;
        store.driver = QStringLiteral("QPSQL");
        store.database = database;
        store.host = host;
        store.port = port;
        store.user = user;
        store.passwordFile = passFile;
        return store;
    }
};

inline const char* kNoServer =
    "no PostgreSQL for the shared-registry tests: scripts/test.sh starts one "
    "(scripts/pg-cluster.sh) and sets KPS_TEST_PG_HOST, _PORT, _USER, _DATABASE, _PASSFILE";

/// A connection of the test's own to a database of the server (read what the stations
/// wrote, or bypass them on purpose).
class PgConnection {
public:
    PgConnection(const PgServer& server, const QString& database)
        : name_(QUuid::createUuid().toString()) {
        db_ = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name_);
        db_.setHostName(server.host);
        db_.setPort(server.port);
        db_.setUserName(server.user);
        db_.setDatabaseName(database);
        db_.setConnectOptions(QStringLiteral("passfile=") + server.passFile);
        if (!db_.open())
            qFatal("cannot connect to PostgreSQL: %s", qPrintable(db_.lastError().text()));
    }
    ~PgConnection() {
        db_.close();
        db_ = QSqlDatabase();
        QSqlDatabase::removeDatabase(name_);
    }
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    /// Runs a statement; returns its error text (empty when it succeeded).
    QString exec(const QString& statement, const QVariantList& values = {}) {
        QSqlQuery query(db_);
        if (values.isEmpty()) // SQL PREPARE (Qt's driver) takes no DDL
            return query.exec(statement) ? QString() : query.lastError().text();
        if (!query.prepare(statement))
            return query.lastError().text();
        for (const QVariant& value : values)
            query.addBindValue(value);
        return query.exec() ? QString() : query.lastError().text();
    }
    qint64 scalar(const QString& statement, const QVariantList& values = {}) {
        QSqlQuery query(db_);
        query.prepare(statement);
        for (const QVariant& value : values)
            query.addBindValue(value);
        return query.exec() && query.next() ? query.value(0).toLongLong() : -1;
    }
    QSqlDatabase& database() { return db_; }

private:
    QString name_;
    QSqlDatabase db_;
};

/// A database of its own for one test run, dropped at the end.
class ScratchDatabase {
public:
    ScratchDatabase(const PgServer& server, const QString& tag)
        : server_(server)
        , name_(QStringLiteral("kps_%1_%2").arg(tag).arg(QRandomGenerator::global()->generate())) {
        PgConnection admin(server_, server_.database);
        if (const QString error = admin.exec(QStringLiteral("CREATE DATABASE ") + name_);
            !error.isEmpty())
            qFatal("cannot create a scratch database: %s", qPrintable(error));
    }
    ~ScratchDatabase() {
        PgConnection admin(server_, server_.database);
        admin.exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(name_));
    }
    const QString& name() const { return name_; }

private:
    PgServer server_;
    QString name_;
};

/// N stations on one registry, all on the SoftHSM token of station 1.
class RegistryLine {
public:
    /// `hsm` adapts station 1's kps init (another module, a token by URI); returns the
    /// error of kps init, empty when the stations are ready.
    using HsmChoice = std::function<void(provisioning::InitOptions&)>;

    RegistryLine(const PgServer& server, const QString& database)
        : server_(server)
        , database_(database) {
        if (!directory_.isValid())
            qFatal("no temporary directory");
    }

    RegistryLine(const PgServer& server, const QString& database, int stations)
        : RegistryLine(server, database) {
        if (const QString error = setUp(stations); !error.isEmpty())
            qFatal("%s", qPrintable(error));
    }

    QString setUp(int stations, const HsmChoice& hsm = {}) {
        if (const QString error = makeFirstStation(hsm); !error.isEmpty())
            return error;
        for (int n = 2; n <= stations; ++n) {
            const auto joined =
                runKps({QStringLiteral("--data"), stationDirectory(n), QStringLiteral("init"),
                        QStringLiteral("--join"), stationDirectory(1), QStringLiteral("--name"),
                        stationName(n)},
                       as(QStringLiteral("admin")));
            if (joined.exitCode != 0)
                return QString::fromUtf8(joined.err);
        }
        return {};
    }

    static QString stationName(int n) { return QStringLiteral("station-%1").arg(n); }
    QString stationDirectory(int n) const { return path(stationName(n)); }
    QString path(const QString& relative) const {
        return QDir(directory_.path()).filePath(relative);
    }
    QString pinFile(const QString& user) const {
        return QDir(stationDirectory(1)).filePath(QStringLiteral("secrets/%1.pin").arg(user));
    }
    QProcessEnvironment as(const QString& user) const {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("KPS_LOGIN"), user);
        environment.insert(QStringLiteral("KPS_LOGIN_PIN_FILE"), pinFile(user));
        environment.remove(QStringLiteral("KPS_LOGIN_PIN"));
        return environment;
    }
    QStringList command(int station, const QStringList& arguments) const {
        return QStringList{QStringLiteral("--data"), stationDirectory(station)} + arguments;
    }
    ProcessResult kps(int station, const QString& user, const QStringList& arguments) const {
        return runKps(command(station, arguments), as(user));
    }

    /// Station n, opened in this process as kps-station opens it.
    std::unique_ptr<provisioning::Station> open(int n) const {
        auto opened = provisioning::Station::open(stationDirectory(n));
        if (!opened)
            qFatal("%s", qPrintable(opened.error().message()));
        return std::move(*opened);
    }

    provisioning::Principal login(provisioning::Station& station, const QString& name) const {
        auto principal = app::loginWithPinFile(station, name, pinFile(name));
        if (!principal)
            qFatal("%s", qPrintable(principal.error().message));
        return *principal;
    }

    /// Registers a MANUF order of `quantity` on station 1 and has the supervisor start it.
    void addStartedOrder(const OrderSpec& spec) {
        auto station = openFirst();
        const auto supervisor = login(*station, QStringLiteral("supervisor"));
        auto added = station->orders().add(supervisor, writeOrder(spec));
        if (!added)
            qFatal("%s", qPrintable(added.error().message()));
        if (!station->orders().changeState(supervisor, test::orderId(spec.id),
                                           provisioning::OrderState::Running))
            qFatal("cannot start the order");
    }

    /// `kps run ORDER --sim` on station n, started (not waited for).
    std::unique_ptr<QProcess> startRun(int n, const QString& orderId, int slots,
                                       int flashMs = 0) const {
        auto process = std::make_unique<QProcess>();
        QProcessEnvironment environment = as(QStringLiteral("operator"));
        if (flashMs > 0)
            environment.insert(QStringLiteral("KPS_SIM_FLASH_MS"), QString::number(flashMs));
        process->setProcessEnvironment(environment);
        process->start(cliPath(), command(n, {QStringLiteral("--json"), QStringLiteral("run"),
                                              orderId, QStringLiteral("--sim"),
                                              QStringLiteral("--slots"), QString::number(slots)}));
        if (!process->waitForStarted(10000))
            qFatal("cannot start kps");
        return process;
    }

    reports::OpenRequest listingRequest(const QString& orderId) const {
        const QDir exports(
            QDir(stationDirectory(1)).filePath(QStringLiteral("exports/") + orderId));
        return {exports.filePath(orderId + QStringLiteral("-customer-listing.json")),
                path(QStringLiteral("customer/customer.key")),
                exports.filePath(QStringLiteral("station-signing.crt")),
                path(QStringLiteral("customer/customer.crt"))};
    }

    /// Every station's archived endpoints in one folder (to compare with the listing).
    QString mergedArchive(int stations) const {
        const QString merged = path(QStringLiteral("all-endpoints"));
        QDir().mkpath(merged);
        for (int n = 1; n <= stations; ++n) {
            const QDir sim(QDir(stationDirectory(n)).filePath(QStringLiteral("sim")));
            for (const QFileInfo& file : sim.entryInfoList({QStringLiteral("*.keystore")}))
                QFile::copy(file.filePath(), QDir(merged).filePath(file.fileName()));
        }
        return merged;
    }

    QString writeOrder(const OrderSpec& spec) const {
        const QJsonObject order{
            {QStringLiteral("format"), QStringLiteral("kps-order/1")},
            {QStringLiteral("order"), spec.id},
            {QStringLiteral("customer"),
             QJsonObject{{QStringLiteral("name"), QStringLiteral("Customer")},
                         {QStringLiteral("certificate"), QStringLiteral("customer/customer.crt")}}},
            {QStringLiteral("headend"),
             QJsonObject{{QStringLiteral("name"), QStringLiteral("Head-end")},
                         {QStringLiteral("certificate"), QStringLiteral("headend/headend.crt")},
                         {QStringLiteral("dm"), spec.dm}}},
            {QStringLiteral("profile"), spec.profile},
            {QStringLiteral("keySource"), spec.keySource},
            {QStringLiteral("quantity"), spec.quantity},
            {QStringLiteral("addresses"), StationFixture::addresses(spec)}};
        const QString file = path(spec.id + QStringLiteral(".json"));
        QFile out(file);
        out.open(QIODevice::WriteOnly);
        out.write(QJsonDocument(order).toJson());
        return file;
    }

private:
    QString makeFirstStation(const HsmChoice& hsm) {
        provisioning::InitOptions options;
        options.dataDirectory = stationDirectory(1);
        options.stationName = stationName(1);
        options.actor = QStringLiteral("tester");
        options.store = server_.location(database_);
        if (hsm)
            hsm(options);
        const app::TrainingCustodians custodians(options);
        if (auto made = provisioning::Station::initialize(std::move(options)); !made)
            return made.error().message();
        if (!custodians.writePins(QDir(stationDirectory(1)).filePath(QStringLiteral("secrets"))))
            qFatal("cannot write the custodians' PINs");
        for (const char* stem : {"customer", "headend"})
            if (!app::makeDemoParty(path(QString::fromLatin1(stem)), QString::fromLatin1(stem),
                                    QString::fromLatin1(stem)))
                qFatal("cannot make demo party");
        auto station = openFirst();
        const auto admin = login(*station, QStringLiteral("admin"));
        if (!app::addStaff(*station, admin, app::demoStaff(), station->paths().secrets()))
            qFatal("cannot add the staff");
        return {};
    }

    std::unique_ptr<provisioning::Station> openFirst() const { return open(1); }

    QTemporaryDir directory_;
    PgServer server_;
    QString database_;
};

} // namespace kps::test
