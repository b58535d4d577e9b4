#pragma once
// Bench only: fills an order with `count` verified endpoints in one SQL transaction,
// each with the stored shapes of a real one (3 keys with KCVs, a password, a DM key
// also wrapped for the head-end). The wrapped values are random bytes of the right
// length (an AES-KWP wrap of 16 bytes is 24 bytes): they export like real ones, but
// no key unwraps from them.
#include "kps/provisioning/store.hpp"

#include <QSqlError>
#include <QSqlQuery>

namespace kps::bench {

inline bool runSql(QSqlDatabase& database, const QString& statement, const QVariantList& values) {
    QSqlQuery query(database);
    if (!query.prepare(statement))
        return false;
    for (const QVariant& value : values)
        query.addBindValue(value);
    if (!query.exec()) {
        std::fprintf(stderr, "%s\n", qPrintable(query.lastError().text()));
        return false;
    }
    return true;
}

inline bool populateOrder(provisioning::Store& store, const QString& orderId, qint64 count) {
    auto& database = store.database();
    // hex(randomblob(16)) is 32 characters of the base64 alphabet: 24 bytes once decoded.
    const QString endpoints = QStringLiteral(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ? - 1)"
        " INSERT INTO endpoints (address, order_id, idx, state, slot, attempts, unique_id,"
        " reserved_at, finished_at, cycle_ms)"
        " SELECT printf('KLK-%08d-01-07', 10000 + i), ?, i, 'verified', 1 + i % 4, 1,"
        " hex(randomblob(12)), '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:01.000Z',"
        " 900 + abs(random() % 400) FROM n");
    const QString secrets = QStringLiteral(
        "INSERT INTO endpoint_secrets (order_id, address, secret_id, role, version, kcv,"
        " customer_wrapped, headend_wrapped)"
        " SELECT e.order_id, e.address, k.id, k.role, 1, CASE WHEN k.role = 'password' THEN NULL"
        " ELSE lower(hex(randomblob(3))) END, hex(randomblob(16)),"
        " CASE WHEN k.role = 'dm' THEN hex(randomblob(16)) END"
        " FROM endpoints e, (SELECT 1 AS id, 'data' AS role UNION ALL SELECT 2, 'dm'"
        " UNION ALL SELECT 3, 'local' UNION ALL SELECT 4, 'password') k WHERE e.order_id = ?");
    auto filled = store.inTransaction([&]() -> provisioning::Done {
        if (!runSql(database, endpoints, {count, orderId}) ||
            !runSql(database, secrets, {orderId}) ||
            !runSql(database,
                    QStringLiteral("UPDATE orders SET issued = ?, verified = ? WHERE id = ?"),
                    {count, count, orderId}))
            return provisioning::failure(provisioning::ErrorKind::Store, QStringLiteral("populate"),
                                         orderId, QStringLiteral("SQL failed"));
        return {};
    });
    return bool(filled);
}

} // namespace kps::bench
