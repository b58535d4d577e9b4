// Migration 4: endpoints keyed by (order, address), key history.
// Rebuilding a table is the portable way to change a primary key (SQLite cannot alter
// one). Columns that earlier migrations added to the two tables are carried over by
// name and declared type, so the rebuild keeps them whatever order branches merge in.
#include "migrations.hpp"
#include "sql.hpp"

#include <QSet>

namespace kps::provisioning::migrations {
namespace {

struct Column {
    QString name;
    QString type;
};

Outcome<std::vector<Column>> columnsOf(QSqlDatabase& database, const QString& table) {
    const bool sqlite = database.driverName() == QLatin1String("QSQLITE");
    KPS_TRY_LET(
        query,
        sqlite
            ? sql::run(database, QStringLiteral("read table columns"),
                       QStringLiteral("SELECT name, type FROM pragma_table_info('%1')").arg(table))
            : sql::run(
                  database, QStringLiteral("read table columns"),
                  QStringLiteral("SELECT column_name, data_type FROM information_schema.columns"
                                 " WHERE table_name = ? ORDER BY ordinal_position"),
                  {table}));
    std::vector<Column> columns;
    while (query.next())
        columns.push_back({query.value(0).toString(), query.value(1).toString()});
    return columns;
}

/// The columns of `table` that this migration does not know, declared as found.
struct Extras {
    QString declarations; // ", name TYPE" ...
    QStringList names;
};

Outcome<Extras> extraColumns(QSqlDatabase& database, const QString& table,
                             const QSet<QString>& known) {
    KPS_TRY_LET(columns, columnsOf(database, table));
    Extras extras;
    for (const Column& column : columns) {
        if (known.contains(column.name))
            continue;
        extras.declarations += QStringLiteral(", %1 %2").arg(column.name, column.type);
        extras.names << column.name;
    }
    return extras;
}

const QStringList kEndpointColumns = {
    QStringLiteral("order_id"),    QStringLiteral("address"),   QStringLiteral("idx"),
    QStringLiteral("state"),       QStringLiteral("reason"),    QStringLiteral("slot"),
    QStringLiteral("attempts"),    QStringLiteral("unique_id"), QStringLiteral("reserved_at"),
    QStringLiteral("finished_at"), QStringLiteral("cycle_ms")};

const QStringList kSecretColumns = {QStringLiteral("address"),
                                    QStringLiteral("secret_id"),
                                    QStringLiteral("role"),
                                    QStringLiteral("version"),
                                    QStringLiteral("kcv"),
                                    QStringLiteral("customer_wrapped"),
                                    QStringLiteral("headend_wrapped"),
                                    QStringLiteral("storage_wrapped")}; // 3: key custody

QString prefixed(const QStringList& names, const QString& prefix) {
    QStringList out;
    for (const QString& name : names)
        out << prefix + name;
    return out.join(QStringLiteral(", "));
}

QStringList rebuildEndpoints(const Extras& extras) {
    const QStringList columns = kEndpointColumns + extras.names;
    return {
        QStringLiteral(
            "CREATE TABLE endpoints_v4 ("
            " order_id TEXT NOT NULL REFERENCES orders(id), address TEXT NOT NULL,"
            " idx BIGINT NOT NULL,"
            " purpose TEXT NOT NULL DEFAULT 'new' CHECK (purpose IN ('new','rekey')),"
            " state TEXT NOT NULL CHECK (state IN ('reserved','injecting','verified','failed')),"
            " reason TEXT, slot INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,"
            " unique_id TEXT, reserved_at TEXT NOT NULL, finished_at TEXT, cycle_ms BIGINT%1,"
            " PRIMARY KEY (order_id, address), UNIQUE (order_id, idx))")
            .arg(extras.declarations),
        QStringLiteral("INSERT INTO endpoints_v4 (%1) SELECT %1 FROM endpoints")
            .arg(columns.join(QStringLiteral(", ")))};
}

QStringList rebuildSecrets(const Extras& extras) {
    const QStringList columns = kSecretColumns + extras.names;
    return {QStringLiteral(
                "CREATE TABLE endpoint_secrets_v4 ("
                " order_id TEXT NOT NULL, address TEXT NOT NULL,"
                " secret_id INTEGER NOT NULL, role TEXT NOT NULL, version INTEGER NOT NULL,"
                " kcv TEXT, customer_wrapped TEXT NOT NULL, headend_wrapped TEXT,"
                " storage_wrapped TEXT%1,"
                " PRIMARY KEY (order_id, address, secret_id, version),"
                " FOREIGN KEY (order_id, address) REFERENCES endpoints_v4(order_id, address))")
                .arg(extras.declarations),
            QStringLiteral("INSERT INTO endpoint_secrets_v4 (order_id, %1) SELECT e.order_id, %2"
                           " FROM endpoint_secrets s JOIN endpoints e ON e.address = s.address")
                .arg(columns.join(QStringLiteral(", ")), prefixed(columns, QStringLiteral("s.")))};
}

const QStringList kAfterRebuild = {
    QStringLiteral("DROP TABLE endpoint_secrets"),
    QStringLiteral("DROP TABLE endpoints"),
    QStringLiteral("ALTER TABLE endpoints_v4 RENAME TO endpoints"),
    QStringLiteral("ALTER TABLE endpoint_secrets_v4 RENAME TO endpoint_secrets"),
    QStringLiteral("CREATE INDEX endpoints_by_state ON endpoints(order_id, state)"),
    QStringLiteral("CREATE INDEX endpoints_by_unique_id ON endpoints(unique_id)"),
    QStringLiteral("CREATE INDEX endpoints_by_address ON endpoints(address)"),
    // An address is issued to one new endpoint only, ever; re-keying rows reuse it.
    QStringLiteral("CREATE UNIQUE INDEX endpoints_new_address_once ON endpoints(address) WHERE "
                   "purpose = 'new'"),
    QStringLiteral("CREATE TABLE key_history ("
                   " order_id TEXT NOT NULL REFERENCES orders(id), address TEXT NOT NULL,"
                   " previous_order_id TEXT NOT NULL, secret_id INTEGER NOT NULL,"
                   " role TEXT NOT NULL, version INTEGER NOT NULL, kcv TEXT NOT NULL,"
                   " recorded_at TEXT NOT NULL,"
                   " PRIMARY KEY (order_id, address, secret_id, version))"),
    QStringLiteral("CREATE INDEX key_history_by_address ON key_history(address)"),
};

} // namespace

Outcome<QStringList> engineMigration(QSqlDatabase& database) {
    QSet<QString> knownEndpoint(kEndpointColumns.begin(), kEndpointColumns.end());
    QSet<QString> knownSecret(kSecretColumns.begin(), kSecretColumns.end());
    KPS_TRY_LET(endpointExtras, extraColumns(database, QStringLiteral("endpoints"), knownEndpoint));
    KPS_TRY_LET(secretExtras,
                extraColumns(database, QStringLiteral("endpoint_secrets"), knownSecret));
    return rebuildEndpoints(endpointExtras) + rebuildSecrets(secretExtras) + kAfterRebuild;
}

} // namespace kps::provisioning::migrations
