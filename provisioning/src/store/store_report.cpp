// What batch reports read: how units ended, yield along the batch, an order's own
// audit events, the key columns of its endpoints. Portable SQL (SQLite, PostgreSQL).
#include "kps/provisioning/store.hpp"
#include "sql.hpp"

#include <cmath>

namespace kps::provisioning {

Outcome<UnitOutcomes> StoreReports::unitOutcomes(const QString& orderId) {
    KPS_TRY_LET(
        query,
        sql::run(store_.database_, QStringLiteral("count scrapped units"),
                 QStringLiteral(
                     "SELECT COALESCE(SUM(CASE WHEN verified = 0 THEN 1 ELSE 0 END), 0),"
                     " COALESCE(SUM(CASE WHEN verified > 0 THEN 1 ELSE 0 END), 0) FROM ("
                     " SELECT SUM(CASE WHEN state = 'verified' THEN 1 ELSE 0 END) AS verified"
                     " FROM endpoints WHERE order_id = ? GROUP BY COALESCE(unique_id, address)"
                     " HAVING SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END) > 0) units"),
                 {orderId}));
    UnitOutcomes outcomes;
    if (query.next())
        outcomes = {query.value(0).toLongLong(), query.value(1).toLongLong(), 0, 0};
    KPS_TRY_LET(
        retried,
        sql::run(store_.database_, QStringLiteral("count retried endpoints"),
                 QStringLiteral(
                     "SELECT COUNT(*), COALESCE(SUM(attempts - 1), 0) FROM endpoints"
                     " WHERE order_id = ? AND state IN ('verified', 'failed') AND attempts > 1"),
                 {orderId}));
    if (retried.next()) {
        outcomes.retried = retried.value(0).toLongLong();
        outcomes.retries = retried.value(1).toLongLong();
    }
    return outcomes;
}

Outcome<std::vector<FinishedStretch>> StoreReports::yieldSeries(const QString& orderId,
                                                                int stretches) {
    KPS_TRY_LET(total, sql::run(store_.database_, QStringLiteral("read yield"),
                                QStringLiteral("SELECT COUNT(*) FROM endpoints WHERE order_id = ?"
                                               " AND state IN ('verified', 'failed')"),
                                {orderId}));
    const qint64 finished = total.next() ? total.value(0).toLongLong() : 0;
    const qint64 size = std::max<qint64>(1, qint64(std::ceil(double(finished) / stretches)));
    KPS_TRY_LET(
        query,
        sql::run(
            store_.database_, QStringLiteral("read yield"),
            QStringLiteral(
                "SELECT stretch, SUM(CASE WHEN state = 'verified' THEN 1 ELSE 0 END),"
                " SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END) FROM ("
                " SELECT (ROW_NUMBER() OVER (ORDER BY finished_at, idx) - 1) / ? AS stretch, state"
                " FROM endpoints WHERE order_id = ? AND state IN ('verified', 'failed')) finished"
                " GROUP BY stretch ORDER BY stretch"),
            {size, orderId}));
    std::vector<FinishedStretch> series;
    while (query.next())
        series.push_back({query.value(0).toLongLong() * size + 1, query.value(1).toLongLong(),
                          query.value(2).toLongLong()});
    return series;
}

Outcome<std::vector<AuditEntry>> StoreReports::auditOf(const QString& subject, qint64 upTo) {
    KPS_TRY_LET(query,
                sql::run(store_.database_, QStringLiteral("read the order's audit events"),
                         QStringLiteral(
                             "SELECT seq, at, actor, event, subject, detail, prev, hash FROM audit"
                             " WHERE subject = ? AND seq <= ? ORDER BY seq"),
                         {subject, upTo}));
    std::vector<AuditEntry> entries;
    while (query.next())
        entries.push_back({query.value(0).toLongLong(), query.value(1).toString(),
                           query.value(2).toString(), query.value(3).toString(),
                           query.value(4).toString(), query.value(5).toString(),
                           query.value(6).toString(), query.value(7).toString()});
    return entries;
}

Outcome<std::vector<std::pair<int, QString>>> StoreReports::kcvColumns(const QString& orderId) {
    KPS_TRY_LET(query, sql::run(store_.database_, QStringLiteral("read key columns"),
                                QStringLiteral(
                                    "SELECT s.secret_id, s.role FROM endpoint_secrets s"
                                    " WHERE s.order_id = ? AND s.kcv IS NOT NULL AND s.address = ("
                                    " SELECT e.address FROM endpoints e WHERE e.order_id = ?"
                                    " AND EXISTS (SELECT 1 FROM endpoint_secrets x"
                                    " WHERE x.order_id = e.order_id AND x.address = e.address)"
                                    " ORDER BY e.idx LIMIT 1) ORDER BY s.secret_id"),
                                {orderId, orderId}));
    std::vector<std::pair<int, QString>> columns;
    while (query.next())
        columns.emplace_back(query.value(0).toInt(), query.value(1).toString());
    return columns;
}

} // namespace kps::provisioning
