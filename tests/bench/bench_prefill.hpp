#pragma once
// Benches only: fills an order with `count` verified endpoints in bulk, through the
// store's own tables and SQL (one transaction of INSERT ... SELECT over a counter), so
// the endpoints, endpoint_secrets and audit tables are as large as after a real run of
// that many endpoints: four secrets per endpoint (wrapped forms of the real length)
// and one audit row each. The audit rows carry placeholder hashes: the bench store's
// chain does not verify past them (`kps audit verify` is not run on it).
#include "kps/provisioning/station.hpp"

#include <QSqlError>
#include <QSqlQuery>

namespace kps::bench {

namespace prefill_detail {

inline bool run(QSqlDatabase& database, const QString& statement, const QVariantList& values) {
    QSqlQuery query(database);
    if (!query.prepare(statement))
        return std::fprintf(stderr, "prefill: %s\n", qPrintable(query.lastError().text())), false;
    for (const QVariant& value : values)
        query.addBindValue(value);
    if (!query.exec())
        return std::fprintf(stderr, "prefill: %s\n", qPrintable(query.lastError().text())), false;
    return true;
}

inline QString counter(const QString& insert) {
    return QStringLiteral("WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n"
                          " WHERE i < ?) ") +
           insert;
}

/// The pre-fill leaves its whole transaction in the WAL; a line's commits checkpoint it
/// every 1,000 pages. Copied into the database here, so the next measurement does not
/// pay for moving a gigabyte that a real run would have moved bit by bit.
inline bool checkpoint(QSqlDatabase& database) {
    return run(database, QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"), {});
}

} // namespace prefill_detail

/// Rows for indexes [from, from + count) of the order, whose first address has the
/// 8-digit ID `firstId` (KLK-<firstId + index>-01-07).
inline bool prefillVerified(provisioning::Store& store, const QString& orderId, qint64 firstId,
                            qint64 from, qint64 count) {
    using prefill_detail::checkpoint;
    using prefill_detail::counter;
    using prefill_detail::run;
    QSqlDatabase& db = store.database();
    const qint64 last = from + count - 1;
    const QString at = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    const QString wrapped = QString::fromLatin1(QByteArray(24, '\x5a').toBase64());
    QSqlQuery head(db);
    head.exec(QStringLiteral("SELECT COALESCE(MAX(seq), 0) FROM audit"));
    const qint64 seq = head.next() ? head.value(0).toLongLong() : 0;
    head.finish();
    const QString detail = QStringLiteral("{\"attempts\":1,\"cycleMs\":1,\"jig\":\"prefill\","
                                          "\"kcv\":{\"1\":\"a1b2c3\",\"2\":\"d4e5f6\",\"3\":"
                                          "\"0718a9\"},\"order\":\"%1\",\"slot\":1,"
                                          "\"uniqueId\":\"000000000000000000000000\"}")
                               .arg(orderId);
    return db.transaction() &&
           run(db,
               counter(QStringLiteral(
                   "INSERT INTO endpoints (order_id, address, idx, purpose, state, slot, attempts,"
                   " unique_id, reserved_at, finished_at, cycle_ms) SELECT ?, printf("
                   "'KLK-%08d-01-07', ? + i), i, 'new', 'verified', 1, 1, printf('bulk%020d', i),"
                   " ?, ?, 1 FROM n")),
               {from, last, orderId, firstId, at, at}) &&
           run(db,
               QStringLiteral(
                   "INSERT INTO endpoint_secrets (order_id, address, secret_id, role, version,"
                   " kcv, customer_wrapped, headend_wrapped) SELECT e.order_id, e.address, r.id,"
                   " r.role, 1, CASE WHEN r.id < 4 THEN 'a1b2c3' END, ?, CASE WHEN r.id = 2"
                   " THEN ? END FROM endpoints e, (SELECT 1 AS id, 'data' AS role UNION ALL"
                   " SELECT 2, 'dm' UNION ALL SELECT 3, 'local' UNION ALL SELECT 4, 'password')"
                   " r WHERE e.order_id = ? AND e.idx BETWEEN ? AND ?"),
               {wrapped, wrapped, orderId, from, last}) &&
           run(db,
               counter(QStringLiteral(
                   "INSERT INTO audit (seq, at, actor, event, subject, detail, prev, hash)"
                   " SELECT ? + i - ?, ?, 'prefill', 'endpoint.verified',"
                   " printf('KLK-%08d-01-07', ? + i), ?, printf('%064d', i - 1),"
                   " printf('%064d', i) FROM n")),
               {from, last, seq + 1, from, at, firstId, detail}) &&
           run(db,
               QStringLiteral("UPDATE orders SET issued = ?, active = active + ?,"
                              " verified = verified + ? WHERE id = ?"),
               {last + 1, count, count, orderId}) &&
           db.commit() && checkpoint(db);
}

} // namespace kps::bench
