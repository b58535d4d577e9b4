// Reading endpoint rows (with their secrets), the order's statistics and key history.
#include "kps/provisioning/store.hpp"
#include "sql.hpp"

namespace kps::provisioning {
namespace {

constexpr const char* kEndpointColumns =
    "e.address, e.order_id, e.idx, e.state, e.reason, e.slot, e.attempts, e.unique_id,"
    " e.reserved_at, e.finished_at, e.cycle_ms, e.purpose,"
    " s.secret_id, s.role, s.version, s.kcv, s.customer_wrapped, s.headend_wrapped,"
    " s.storage_wrapped, e.station";

constexpr const char* kEndpointJoin =
    "endpoints e LEFT JOIN endpoint_secrets s ON s.order_id = e.order_id AND s.address = e.address";

EndpointRow endpointFrom(const QSqlQuery& query) {
    EndpointRow row;
    row.address = query.value(0).toString();
    row.orderId = query.value(1).toString();
    row.index = query.value(2).toUInt();
    row.state = endpointStateFrom(query.value(3).toString()).value_or(EndpointState::Failed);
    row.reason = query.value(4).toString();
    row.slot = query.value(5).toInt();
    row.attempts = query.value(6).toInt();
    row.uniqueId = query.value(7).toString();
    row.reservedAt = QDateTime::fromString(query.value(8).toString(), Qt::ISODateWithMs);
    row.finishedAt = QDateTime::fromString(query.value(9).toString(), Qt::ISODateWithMs);
    row.cycleMs = query.value(10).toLongLong();
    row.rekey = query.value(11).toString() == QLatin1String("rekey");
    row.station = query.value(19).toString();
    return row;
}

Done addSecret(EndpointRow& row, const QSqlQuery& query) {
    if (query.value(12).isNull())
        return {};
    KPS_TRY_LET(role, sql::secretRole(query.value(13)));
    row.secrets.push_back({static_cast<std::uint8_t>(query.value(12).toUInt()), role,
                           static_cast<std::uint8_t>(query.value(14).toUInt()),
                           query.value(15).toString(),
                           QByteArray::fromBase64(query.value(16).toByteArray()),
                           QByteArray::fromBase64(query.value(17).toByteArray()),
                           QByteArray::fromBase64(query.value(18).toByteArray())});
    return {};
}

/// Groups the joined rows (ordered by endpoint) into one EndpointRow each.
Done visitGrouped(QSqlQuery& query, const std::function<Done(const EndpointRow&)>& visit) {
    std::optional<EndpointRow> current;
    while (query.next()) {
        const QString order = query.value(1).toString();
        const QString address = query.value(0).toString();
        if (current && (current->address != address || current->orderId != order)) {
            KPS_TRY(visit(*current));
            current.reset();
        }
        if (!current)
            current = endpointFrom(query);
        KPS_TRY(addSecret(*current, query));
    }
    if (current)
        return visit(*current);
    return {};
}

QString selectEndpoints(const QString& condition, const QString& order) {
    return QStringLiteral("SELECT %1 FROM %2 WHERE %3 ORDER BY %4, s.secret_id")
        .arg(QLatin1String(kEndpointColumns), QLatin1String(kEndpointJoin), condition, order);
}

} // namespace

Outcome<std::vector<EndpointRow>> StoreEndpoints::where(const QString& condition,
                                                        const QVariantList& values) {
    KPS_TRY_LET(
        query, sql::runWith(store_.database_, QStringLiteral("read endpoints"),
                            selectEndpoints(condition,
                                            QStringLiteral("e.reserved_at, e.order_id, e.address")),
                            values));
    std::vector<EndpointRow> rows;
    KPS_TRY(visitGrouped(query, [&](const EndpointRow& row) -> Done {
        rows.push_back(row);
        return {};
    }));
    return rows;
}

Outcome<std::optional<EndpointRow>> StoreEndpoints::find(const QString& orderId,
                                                         const QString& address) {
    KPS_TRY_LET(rows,
                where(QStringLiteral("e.order_id = ? AND e.address = ?"), {orderId, address}));
    if (rows.empty())
        return std::optional<EndpointRow>();
    return std::optional<EndpointRow>(rows.front());
}

Outcome<std::vector<EndpointRow>> StoreEndpoints::history(const QString& address) {
    return where(QStringLiteral("e.address = ?"), {address});
}

Outcome<std::vector<EndpointRow>> StoreEndpoints::unfinished(const QString& orderId) {
    return where(QStringLiteral("e.order_id = ? AND e.state IN ('reserved', 'injecting')"),
                 {orderId});
}

Done StoreEndpoints::forEach(const QString& orderId, std::optional<EndpointState> only,
                             const std::function<Done(const EndpointRow&)>& visit) {
    const QString filter =
        only ? QStringLiteral(" AND e.state = '%1'").arg(endpointStateName(*only)) : QString();
    KPS_TRY_LET(query, sql::run(store_.database_, QStringLiteral("read endpoints"),
                                selectEndpoints(QStringLiteral("e.order_id = ?") + filter,
                                                QStringLiteral("e.idx")),
                                {orderId}));
    return visitGrouped(query, visit);
}

Outcome<std::vector<KeyHistoryRow>> StoreEndpoints::keyHistory(const QString& address) {
    KPS_TRY_LET(
        query,
        sql::run(store_.database_, QStringLiteral("read key history"),
                 QStringLiteral(
                     "SELECT address, order_id, previous_order_id, secret_id, role, version, kcv,"
                     " recorded_at FROM key_history WHERE address = ?"
                     " ORDER BY recorded_at, secret_id"),
                 {address}));
    std::vector<KeyHistoryRow> rows;
    while (query.next()) {
        KPS_TRY_LET(role, sql::secretRole(query.value(4)));
        rows.push_back(
            {query.value(0).toString(), query.value(1).toString(), query.value(2).toString(),
             static_cast<std::uint8_t>(query.value(3).toUInt()), role,
             static_cast<std::uint8_t>(query.value(5).toUInt()), query.value(6).toString(),
             QDateTime::fromString(query.value(7).toString(), Qt::ISODateWithMs)});
    }
    return rows;
}

Outcome<std::vector<std::pair<QString, int>>>
StoreEndpoints::failureReasons(const QString& orderId) {
    KPS_TRY_LET(
        query,
        sql::run(store_.database_, QStringLiteral("count failures"),
                 QStringLiteral(
                     "SELECT COALESCE(reason, 'unknown'), COUNT(*) FROM endpoints"
                     " WHERE order_id = ? AND state = 'failed' GROUP BY reason ORDER BY 2 DESC, 1"),
                 {orderId}));
    std::vector<std::pair<QString, int>> reasons;
    while (query.next())
        reasons.emplace_back(query.value(0).toString(), query.value(1).toInt());
    return reasons;
}

Outcome<std::vector<qint64>> StoreEndpoints::cycleTimes(const QString& orderId) {
    KPS_TRY_LET(
        query,
        sql::run(store_.database_, QStringLiteral("read cycle times"),
                 QStringLiteral(
                     "SELECT cycle_ms FROM endpoints WHERE order_id = ? AND state = 'verified'"
                     " ORDER BY cycle_ms"),
                 {orderId}));
    std::vector<qint64> times;
    while (query.next())
        times.push_back(query.value(0).toLongLong());
    return times;
}

Outcome<qint64> StoreEndpoints::inProgress(const QString& orderId) {
    KPS_TRY_LET(query,
                sql::run(store_.database_, QStringLiteral("count endpoints in progress"),
                         QStringLiteral("SELECT COUNT(*) FROM endpoints WHERE order_id = ? AND "
                                        "state IN ('reserved', 'injecting')"),
                         {orderId}));
    return query.next() ? query.value(0).toLongLong() : 0;
}

Outcome<std::vector<StationCount>> StoreEndpoints::stationCounts(const QString& orderId) {
    KPS_TRY_LET(
        query, sql::run(store_.database_, QStringLiteral("count endpoints per station"),
                        QStringLiteral(
                            "SELECT station, SUM(CASE WHEN state = 'verified' THEN 1 ELSE 0 END),"
                            " SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END)"
                            " FROM endpoints WHERE order_id = ? GROUP BY station ORDER BY station"),
                        {orderId}));
    std::vector<StationCount> counts;
    while (query.next())
        counts.push_back(
            {query.value(0).toString(), query.value(1).toLongLong(), query.value(2).toLongLong()});
    return counts;
}

Outcome<QStringList> StoreEndpoints::actorsFor(const QString& orderId) {
    KPS_TRY_LET(
        query,
        sql::run(store_.database_, QStringLiteral("read actors"),
                 QStringLiteral(
                     "SELECT DISTINCT actor FROM audit WHERE subject = ? AND event LIKE 'line.%'"
                     " OR (subject = ? AND event LIKE 'order.%') ORDER BY actor"),
                 {orderId, orderId}));
    QStringList actors;
    while (query.next())
        actors << query.value(0).toString();
    return actors;
}

} // namespace kps::provisioning
