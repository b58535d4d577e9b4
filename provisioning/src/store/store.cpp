#include "kps/provisioning/store.hpp"

#include "migrations.hpp"
#include "sql.hpp"

namespace kps::provisioning {

Store::Store(QSqlDatabase database, QString connectionName)
    : database_(std::move(database))
    , connectionName_(std::move(connectionName)) {}

Store::Store(Store&& other) noexcept
    : database_(std::move(other.database_))
    , connectionName_(std::move(other.connectionName_)) {
    other.database_ = QSqlDatabase(); // QSqlDatabase copies on move: drop the other handle
    other.connectionName_.clear();
}

Store::~Store() {
    if (connectionName_.isEmpty())
        return;
    database_.close();
    database_ = QSqlDatabase();
    QSqlDatabase::removeDatabase(connectionName_);
}

namespace {

Done applyPragmas(QSqlDatabase& database, bool durable) {
    for (const char* pragma :
         {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=10000"})
        if (auto done = sql::exec(database, QStringLiteral("configure SQLite"),
                                  QString::fromLatin1(pragma));
            !done)
            return done;
    return sql::exec(database, QStringLiteral("configure SQLite"),
                     durable ? QStringLiteral("PRAGMA synchronous=FULL")
                             : QStringLiteral("PRAGMA synchronous=NORMAL"));
}

Done migrate(Store& store) {
    auto& database = store.database();
    if (auto made =
            sql::exec(database, QStringLiteral("create migration table"),
                      QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations "
                                     "(version INTEGER PRIMARY KEY, applied TEXT NOT NULL)"));
        !made)
        return made;
    const int current = store.schemaVersion();
    for (const auto& migration : migrations::all()) {
        if (migration.version <= current)
            continue;
        auto applied = store.inTransaction([&]() -> Done {
            QStringList statements = migration.statements;
            if (migration.generate) {
                auto generated = migration.generate(database);
                if (!generated)
                    return tl::unexpected(generated.error());
                statements += *generated;
            }
            for (const QString& statement : statements)
                if (auto done = sql::exec(database, QStringLiteral("migrate database"), statement);
                    !done)
                    return done;
            return sql::exec(
                database, QStringLiteral("migrate database"),
                QStringLiteral("INSERT INTO schema_migrations VALUES (?, ?)"),
                {migration.version, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)});
        });
        if (!applied)
            return applied;
    }
    return {};
}

} // namespace

Outcome<Store> Store::open(const StoreLocation& location, const QString& connectionName) {
    QSqlDatabase database = QSqlDatabase::addDatabase(location.driver, connectionName);
    database.setDatabaseName(location.database);
    if (!database.open()) {
        const QSqlError error = database.lastError();
        database = QSqlDatabase();
        QSqlDatabase::removeDatabase(connectionName);
        return failure(ErrorKind::Store, QStringLiteral("open database"), location.database,
                       error.text(), QStringLiteral("Check the station data directory"));
    }
    Store store(database, connectionName);
    if (location.driver == QLatin1String("QSQLITE"))
        if (auto done = applyPragmas(store.database_, location.durable); !done)
            return tl::unexpected(done.error());
    if (auto done = migrate(store); !done)
        return tl::unexpected(done.error());
    return Outcome<Store>(std::move(store));
}

int Store::schemaVersion() {
    auto query =
        sql::run(database_, QStringLiteral("read schema version"),
                 QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    return query && query->next() ? query->value(0).toInt() : 0;
}

Done Store::inTransaction(const std::function<Done()>& work) {
    if (!database_.transaction())
        return sql::storeError(QStringLiteral("begin transaction"), database_.lastError());
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
