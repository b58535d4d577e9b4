#include "kps/provisioning/store.hpp"

#include "migrations.hpp"
#include "sql.hpp"

#include <QSet>

namespace kps::provisioning {

Store::Store(QSqlDatabase database, QString connectionName, QString station, bool shared)
    : database_(std::move(database))
    , connectionName_(std::move(connectionName))
    , station_(sql::text(station))
    , shared_(shared) {}

Store::Store(Store&& other) noexcept
    : database_(std::move(other.database_))
    , connectionName_(std::move(other.connectionName_))
    , station_(std::move(other.station_))
    , shared_(other.shared_)
    , auditSigner_(std::move(other.auditSigner_))
    , checkpointEvery_(other.checkpointEvery_) {
    other.database_ = QSqlDatabase(); // QSqlDatabase copies on move: drop the other handle
    other.connectionName_.clear();
}

Store::~Store() {
    if (connectionName_.isEmpty())
        return;
    sql::StatementCache::drop(database_);
    database_.close();
    database_ = QSqlDatabase();
    QSqlDatabase::removeDatabase(connectionName_);
}

namespace {

Done applyPragmas(QSqlDatabase& database, bool durable) {
    for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON"})
        KPS_TRY(
            sql::exec(database, QStringLiteral("configure SQLite"), QString::fromLatin1(pragma)));
    KPS_TRY(sql::exec(database, QStringLiteral("configure SQLite"),
                      QStringLiteral("PRAGMA busy_timeout=%1").arg(Store::kBusyTimeoutMs)));
    return sql::exec(database, QStringLiteral("configure SQLite"),
                     durable ? QStringLiteral("PRAGMA synchronous=FULL")
                             : QStringLiteral("PRAGMA synchronous=NORMAL"));
}

/// Several stations may open a new registry at once: one migrates, the others wait.
constexpr const char* kMigrationLock = "SELECT pg_advisory_lock(7007001)";
constexpr const char* kMigrationUnlock = "SELECT pg_advisory_unlock(7007001)";

Done migrateSchema(Store& store);

Done migrate(Store& store) {
    if (!store.shared())
        return migrateSchema(store);
    auto& database = store.database();
    const QString what = QStringLiteral("wait for another station's migration");
    KPS_TRY(sql::exec(database, what, QString::fromLatin1(kMigrationLock)));
    Done migrated = migrateSchema(store);
    // Unlocked even after a failed migration, so the stations waiting on it go on;
    // a failed unlock is reported, since they would wait for as long as we are open.
    Done unlocked = sql::exec(database, what, QString::fromLatin1(kMigrationUnlock));
    return migrated ? unlocked : migrated;
}

Done migrateSchema(Store& store) {
    auto& database = store.database();
    KPS_TRY(sql::exec(database, QStringLiteral("create migration table"),
                      QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations "
                                     "(version INTEGER PRIMARY KEY, applied TEXT NOT NULL)")));
    // By applied version, not the highest one: versions are reserved per piece of work
    // and may land out of order (7 before 5), so each is applied once whatever came first.
    KPS_TRY_LET(applied, sql::run(database, QStringLiteral("read schema version"),
                                  QStringLiteral("SELECT version FROM schema_migrations")));
    QSet<int> appliedVersions;
    while (applied.next())
        appliedVersions.insert(applied.value(0).toInt());
    applied.finish();
    for (const auto& migration : migrations::all()) {
        if (appliedVersions.contains(migration.version))
            continue;
        auto migrated = store.inTransaction([&]() -> Done {
            QStringList statements = migration.statements;
            if (migration.generate) {
                KPS_TRY_LET(generated, migration.generate(database));
                statements += generated;
            }
            for (const QString& statement : statements)
                KPS_TRY(sql::exec(database, QStringLiteral("migrate database"), statement));
            return sql::exec(
                database, QStringLiteral("migrate database"),
                QStringLiteral("INSERT INTO schema_migrations VALUES (?, ?)"),
                {migration.version, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)});
        });
        if (!migrated)
            return migrated;
    }
    return {};
}

} // namespace

QString StoreLocation::describe() const {
    if (!shared())
        return database;
    return QStringLiteral("postgresql://%1@%2:%3/%4").arg(user, host).arg(port).arg(database);
}

namespace {

/// PostgreSQL: libpq reads the password from the pgpass file itself; the statement
/// timeout keeps a stuck lock from hanging a station forever.
void configurePostgres(QSqlDatabase& database, const StoreLocation& location) {
    database.setHostName(location.host);
    database.setPort(location.port);
    database.setUserName(location.user);
    QStringList options{QStringLiteral("connect_timeout=10"),
                        QStringLiteral("application_name=kps-%1").arg(location.station)};
    if (!location.passwordFile.isEmpty())
        options << QStringLiteral("passfile=%1").arg(location.passwordFile);
    database.setConnectOptions(options.join(u';'));
}

} // namespace

Outcome<Store> Store::open(const StoreLocation& location, const QString& connectionName) {
    if (!QSqlDatabase::isDriverAvailable(location.driver))
        return failure(ErrorKind::Store, QStringLiteral("open database"), location.describe(),
                       QStringLiteral("the Qt SQL driver %1 is not installed").arg(location.driver),
                       QStringLiteral("Install libqt6sql6-psql (PostgreSQL) or libqt6sql6-sqlite"));
    QSqlDatabase database = QSqlDatabase::addDatabase(location.driver, connectionName);
    database.setDatabaseName(location.database);
    if (location.shared())
        configurePostgres(database, location);
    if (!database.open()) {
        const QSqlError error = database.lastError();
        database = QSqlDatabase();
        QSqlDatabase::removeDatabase(connectionName);
        return failure(
            ErrorKind::Store, QStringLiteral("open database"), location.describe(), error.text(),
            location.shared() ? QStringLiteral("Check the registry's host, port, user and password "
                                               "file (pgpass format, mode 0600) in station.json")
                              : QStringLiteral("Check the station data directory"));
    }
    Store store(database, connectionName, location.station, location.shared());
    store.auditSigner_ = location.auditSigner;
    store.checkpointEvery_ = location.checkpointEvery;
    if (location.driver == QLatin1String("QSQLITE"))
        KPS_TRY(applyPragmas(store.database_, location.durable));
    if (location.shared()) // no server notices ("already exists, skipping") on stderr
        KPS_TRY(sql::exec(store.database_, QStringLiteral("configure PostgreSQL"),
                          QStringLiteral("SET client_min_messages TO warning")));
    KPS_TRY(migrate(store));
    return Outcome<Store>(std::move(store));
}

int Store::schemaVersion() {
    auto query =
        sql::run(database_, QStringLiteral("read schema version"),
                 QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    return query && query->next() ? query->value(0).toInt() : 0;
}

Done Store::beginWrite() {
    const QString what = QStringLiteral("begin transaction");
    if (shared_) {
        if (!database_.transaction())
            return sql::storeError(what, database_.lastError());
        return {};
    }
    for (int attempt = 1;; ++attempt) {
        QSqlQuery begin(database_);
        if (begin.exec(QStringLiteral("BEGIN IMMEDIATE")))
            return {};
        const QSqlError error = begin.lastError();
        if (sql::storeFaultOf(error) != sql::StoreFault::Busy)
            return sql::storeError(what, error);
        if (attempt == kBeginAttempts)
            return failure(ErrorKind::Store, what, QStringLiteral("database"),
                           QStringLiteral("another process kept the database busy for %1 s (%2)")
                               .arg(kBeginAttempts * kBusyTimeoutMs / 1000)
                               .arg(error.text()),
                           QStringLiteral("Nothing was changed; run the command again when the "
                                          "other command has finished"));
    }
}

Done Store::inTransaction(const std::function<Done()>& work) {
    KPS_TRY(beginWrite());
    Done result = work();
    if (!result) {
        database_.rollback();
        return result;
    }
    if (!database_.commit()) {
        const QSqlError error = database_.lastError();
        database_.rollback();
        return sql::storeError(QStringLiteral("commit"), error);
    }
    return {};
}

} // namespace kps::provisioning
