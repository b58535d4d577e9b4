#include "kps/provisioning/store.hpp"
#include "sql.hpp"

namespace kps::provisioning {
namespace {

QString iso(const QDateTime& time) {
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

constexpr const char* kEndpointColumns =
    "e.address, e.order_id, e.idx, e.state, e.reason, e.slot, e.attempts, e.unique_id,"
    " e.reserved_at, e.finished_at, e.cycle_ms,"
    " s.secret_id, s.role, s.version, s.kcv, s.customer_wrapped, s.headend_wrapped,"
    " s.storage_wrapped";

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
    return row;
}

void addSecret(EndpointRow& row, const QSqlQuery& query) {
    if (query.value(11).isNull())
        return;
    row.secrets.push_back(
        {static_cast<std::uint8_t>(query.value(11).toUInt()), query.value(12).toString(),
         static_cast<std::uint8_t>(query.value(13).toUInt()), query.value(14).toString(),
         QByteArray::fromBase64(query.value(15).toByteArray()),
         QByteArray::fromBase64(query.value(16).toByteArray()),
         QByteArray::fromBase64(query.value(17).toByteArray())});
}

tl::unexpected<Error> refused(const QString& orderId, const QString& reason, const QString& hint) {
    return failure(ErrorKind::Refused, QStringLiteral("reserve endpoint"), orderId, reason, hint);
}

} // namespace

QString endpointStateName(EndpointState state) {
    switch (state) {
    case EndpointState::Reserved:
        return QStringLiteral("reserved");
    case EndpointState::Injecting:
        return QStringLiteral("injecting");
    case EndpointState::Verified:
        return QStringLiteral("verified");
    case EndpointState::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

std::optional<EndpointState> endpointStateFrom(const QString& name) {
    for (auto state : {EndpointState::Reserved, EndpointState::Injecting, EndpointState::Verified,
                       EndpointState::Failed})
        if (endpointStateName(state) == name)
            return state;
    return std::nullopt;
}

Outcome<std::uint32_t> Store::nextFreeIndex(const Order& order, std::uint32_t from) {
    for (std::uint32_t index = from;; ++index) {
        const auto address = order.addressAt(index);
        if (!address)
            return refused(order.id, QStringLiteral("the order's address range is exhausted"),
                           QStringLiteral("A supervisor must extend the order"));
        auto taken = sql::run(database_, QStringLiteral("reserve endpoint"),
                              QStringLiteral("SELECT 1 FROM endpoints WHERE address = ?"),
                              {address->text()});
        if (!taken)
            return tl::unexpected(taken.error());
        if (!taken->next())
            return index;
    }
}

Outcome<Reservation> Store::reserve(const Order& order, int slot, const QDateTime& at) {
    auto query =
        sql::run(database_, QStringLiteral("reserve endpoint"),
                 QStringLiteral("SELECT state, quantity, issued, active FROM orders WHERE id = ?"),
                 {order.id});
    if (!query)
        return tl::unexpected(query.error());
    if (!query->next())
        return refused(order.id, QStringLiteral("no such order"),
                       QStringLiteral("Register it with kps order add"));
    if (query->value(0).toString() == QLatin1String("closed"))
        return refused(order.id, QStringLiteral("the order is closed"), {});
    const auto quantity = query->value(1).toUInt();
    const auto issued = query->value(2).toUInt();
    const auto active = query->value(3).toUInt();
    if (active >= quantity)
        return refused(order.id, QStringLiteral("quota reached: %1 endpoints").arg(quantity),
                       QStringLiteral("The order allows no more endpoints"));
    auto index = nextFreeIndex(order, issued);
    if (!index)
        return tl::unexpected(index.error());
    const Reservation reservation{order.addressAt(*index)->text(), *index};
    auto inserted = sql::exec(
        database_, QStringLiteral("reserve endpoint"),
        QStringLiteral(
            "INSERT INTO endpoints (address, order_id, idx, state, slot, attempts, reserved_at)"
            " VALUES (?, ?, ?, 'reserved', ?, 1, ?)"),
        {reservation.address, order.id, *index, slot, iso(at)});
    if (!inserted)
        return tl::unexpected(inserted.error());
    // 'issued' counts addresses used up, including ones skipped because another order holds them.
    auto counted =
        sql::exec(database_, QStringLiteral("reserve endpoint"),
                  QStringLiteral("UPDATE orders SET issued = ?, active = active + 1 WHERE id = ?"),
                  {*index + 1, order.id});
    if (!counted)
        return tl::unexpected(counted.error());
    return reservation;
}

Done Store::recordSecrets(const QString& address, const std::vector<SecretRow>& secrets,
                          const QString& uniqueId) {
    for (const SecretRow& secret : secrets) {
        auto done =
            sql::exec(database_, QStringLiteral("record wrapped secrets"),
                      QStringLiteral("INSERT INTO endpoint_secrets (address, secret_id, role, "
                                     "version, kcv, customer_wrapped, headend_wrapped,"
                                     " storage_wrapped) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                      {address, secret.id, secret.role, secret.version,
                       secret.kcv.isEmpty() ? QVariant() : secret.kcv,
                       QString::fromLatin1(secret.customerWrapped.toBase64()),
                       secret.headendWrapped.isEmpty()
                           ? QVariant()
                           : QString::fromLatin1(secret.headendWrapped.toBase64()),
                       secret.storageWrapped.isEmpty()
                           ? QVariant()
                           : QString::fromLatin1(secret.storageWrapped.toBase64())});
        if (!done)
            return done;
    }
    return sql::exec(database_, QStringLiteral("record wrapped secrets"),
                     QStringLiteral("UPDATE endpoints SET state = 'injecting', unique_id = ? WHERE "
                                    "address = ? AND state = 'reserved'"),
                     {uniqueId, address});
}

Done Store::finishEndpoint(const QString& address, EndpointState state, const QString& reason,
                           qint64 cycleMs, const QDateTime& at) {
    auto updated = sql::run(
        database_, QStringLiteral("record endpoint result"),
        QStringLiteral("UPDATE endpoints SET state = ?, reason = ?, finished_at = ?, cycle_ms = ?"
                       " WHERE address = ? AND state IN ('reserved', 'injecting')"),
        {endpointStateName(state), reason.isEmpty() ? QVariant() : reason, iso(at), cycleMs,
         address});
    if (!updated)
        return tl::unexpected(updated.error());
    if (updated->numRowsAffected() != 1)
        return failure(ErrorKind::Internal, QStringLiteral("record endpoint result"), address,
                       QStringLiteral("the endpoint is not in progress"));
    const QString counters = state == EndpointState::Verified
                                 ? QStringLiteral("verified = verified + 1")
                                 : QStringLiteral("failed = failed + 1, active = active - 1");
    return sql::exec(
        database_, QStringLiteral("record endpoint result"),
        QStringLiteral(
            "UPDATE orders SET %1 WHERE id = (SELECT order_id FROM endpoints WHERE address = ?)")
            .arg(counters),
        {address});
}

Outcome<std::optional<EndpointRow>> Store::endpoint(const QString& address) {
    auto query = sql::run(
        database_, QStringLiteral("read endpoint"),
        QStringLiteral(
            "SELECT %1 FROM endpoints e LEFT JOIN endpoint_secrets s ON s.address = e.address"
            " WHERE e.address = ? ORDER BY s.secret_id")
            .arg(QLatin1String(kEndpointColumns)),
        {address});
    if (!query)
        return tl::unexpected(query.error());
    std::optional<EndpointRow> row;
    while (query->next()) {
        if (!row)
            row = endpointFrom(*query);
        addSecret(*row, *query);
    }
    return row;
}

Done Store::forEachEndpoint(const QString& orderId, std::optional<EndpointState> only,
                            const std::function<Done(const EndpointRow&)>& visit) {
    const QString filter =
        only ? QStringLiteral(" AND e.state = '%1'").arg(endpointStateName(*only)) : QString();
    auto query = sql::run(
        database_, QStringLiteral("read endpoints"),
        QStringLiteral(
            "SELECT %1 FROM endpoints e LEFT JOIN endpoint_secrets s ON s.address = e.address"
            " WHERE e.order_id = ?%2 ORDER BY e.idx, s.secret_id")
            .arg(QLatin1String(kEndpointColumns), filter),
        {orderId});
    if (!query)
        return tl::unexpected(query.error());
    std::optional<EndpointRow> current;
    while (query->next()) {
        const QString address = query->value(0).toString();
        if (current && current->address != address) {
            if (auto done = visit(*current); !done)
                return done;
            current.reset();
        }
        if (!current)
            current = endpointFrom(*query);
        addSecret(*current, *query);
    }
    if (current)
        return visit(*current);
    return {};
}

Outcome<std::vector<std::pair<QString, int>>> Store::failureReasons(const QString& orderId) {
    auto query =
        sql::run(database_, QStringLiteral("count failures"),
                 QStringLiteral(
                     "SELECT COALESCE(reason, 'unknown'), COUNT(*) FROM endpoints"
                     " WHERE order_id = ? AND state = 'failed' GROUP BY reason ORDER BY 2 DESC, 1"),
                 {orderId});
    if (!query)
        return tl::unexpected(query.error());
    std::vector<std::pair<QString, int>> reasons;
    while (query->next())
        reasons.emplace_back(query->value(0).toString(), query->value(1).toInt());
    return reasons;
}

} // namespace kps::provisioning

namespace kps::provisioning {

Outcome<std::vector<qint64>> Store::cycleTimes(const QString& orderId) {
    auto query = sql::run(
        database_, QStringLiteral("read cycle times"),
        QStringLiteral("SELECT cycle_ms FROM endpoints WHERE order_id = ? AND state = 'verified'"
                       " ORDER BY cycle_ms"),
        {orderId});
    if (!query)
        return tl::unexpected(query.error());
    std::vector<qint64> times;
    while (query->next())
        times.push_back(query->value(0).toLongLong());
    return times;
}

Outcome<qint64> Store::inProgress(const QString& orderId) {
    auto query = sql::run(database_, QStringLiteral("count endpoints in progress"),
                          QStringLiteral("SELECT COUNT(*) FROM endpoints WHERE order_id = ? AND "
                                         "state IN ('reserved', 'injecting')"),
                          {orderId});
    if (!query)
        return tl::unexpected(query.error());
    return query->next() ? query->value(0).toLongLong() : 0;
}

Outcome<QStringList> Store::actorsFor(const QString& orderId) {
    auto query = sql::run(
        database_, QStringLiteral("read actors"),
        QStringLiteral("SELECT DISTINCT actor FROM audit WHERE subject = ? AND event LIKE 'line.%'"
                       " OR (subject = ? AND event LIKE 'order.%') ORDER BY actor"),
        {orderId, orderId});
    if (!query)
        return tl::unexpected(query.error());
    QStringList actors;
    while (query->next())
        actors << query->value(0).toString();
    return actors;
}

} // namespace kps::provisioning
