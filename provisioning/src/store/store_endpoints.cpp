// The endpoint state machine's writes: claim (reserve or resume), secrets + 'injecting',
// the result. Each runs inside the store writer's transaction (one savepoint each).
#include "kps/provisioning/fault.hpp"
#include "kps/provisioning/store.hpp"
#include "sql.hpp"

namespace kps::provisioning {
namespace {

QString iso(const QDateTime& time) {
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

const QString kClaim = QStringLiteral("reserve endpoint");

QVariant base64OrNull(const QByteArray& bytes) {
    return bytes.isEmpty() ? QVariant() : QVariant(QString::fromLatin1(bytes.toBase64()));
}

tl::unexpected<Error> refused(const QString& orderId, const QString& reason, const QString& hint) {
    return failure(ErrorKind::Refused, kClaim, orderId, reason, hint);
}

Claim claimOf(ClaimKind kind, QString reason = {}) {
    return Claim{kind, {}, std::move(reason)};
}

struct OrderCounters {
    std::uint32_t quantity = 0;
    std::uint32_t issued = 0;
    std::uint32_t active = 0;
    bool running = false;
};

Outcome<OrderCounters> countersOf(QSqlDatabase& database, const QString& orderId) {
    KPS_TRY_LET(
        query,
        sql::run(database, kClaim,
                 QStringLiteral("SELECT state, quantity, issued, active FROM orders WHERE id = ?"),
                 {orderId}));
    if (!query.next())
        return refused(orderId, QStringLiteral("no such order"),
                       QStringLiteral("Register it with kps order add"));
    if (query.value(0).toString() == QLatin1String("closed"))
        return refused(orderId, QStringLiteral("the order is closed"),
                       QStringLiteral("A closed order takes no more work"));
    return OrderCounters{query.value(1).toUInt(), query.value(2).toUInt(), query.value(3).toUInt(),
                         query.value(0).toString() == QLatin1String("running")};
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

Outcome<std::uint32_t> StoreEndpoints::nextFreeIndex(const Order& order, std::uint32_t from) {
    for (std::uint32_t index = from;; ++index) {
        const auto address = order.addressAt(index);
        if (!address)
            return refused(order.id, QStringLiteral("the order's address range is exhausted"),
                           QStringLiteral("A supervisor must extend the order"));
        KPS_TRY_LET(taken, sql::run(store_.database_, kClaim,
                                    QStringLiteral("SELECT 1 FROM endpoints WHERE address = ?"),
                                    {address->text()}));
        if (!taken.next())
            return index;
    }
}

Outcome<Claim> StoreEndpoints::claim(const Order& order, int slot, const QString& uniqueId,
                                     bool locked, const QDateTime& at) {
    KPS_TRY_LET(known,
                where(QStringLiteral("e.order_id = ? AND e.unique_id = ?"), {order.id, uniqueId}));
    if (!known.empty()) {
        EndpointRow row = known.back();
        if (row.state == EndpointState::Verified)
            return claimOf(ClaimKind::AlreadyVerified);
        if (row.state == EndpointState::Failed)
            return claimOf(ClaimKind::Scrapped, row.reason);
        // The endpoint is in this station's socket now: its row follows it.
        KPS_TRY(sql::exec(store_.database_, kClaim,
                          QStringLiteral("UPDATE endpoints SET slot = ?, station = ?"
                                         " WHERE order_id = ? AND address = ?"),
                          {slot, store_.station_, order.id, row.address}));
        row.slot = slot;
        row.station = store_.station_;
        return Claim{ClaimKind::Resumed, std::move(row), {}};
    }
    if (locked)
        return claimOf(ClaimKind::Unknown,
                       QStringLiteral("the endpoint %1 is locked already (provisioned before): "
                                      "set it aside")
                           .arg(uniqueId));
    return order.rekeying() ? reserveRekey(order, slot, uniqueId, at)
                            : reserveNew(order, slot, uniqueId, at);
}

Done StoreEndpoints::insertReserved(const Order& order, const Reservation& reservation, bool rekey,
                                    int slot, const QString& uniqueId, const QDateTime& at) {
    KPS_TRY(sql::exec(
        store_.database_, kClaim,
        QStringLiteral("INSERT INTO endpoints (order_id, address, idx, purpose, state, slot,"
                       " attempts, unique_id, reserved_at, station)"
                       " VALUES (?, ?, ?, ?, 'reserved', ?, 0, ?, ?, ?)"),
        {order.id, reservation.address, reservation.index,
         rekey ? QStringLiteral("rekey") : QStringLiteral("new"), slot, uniqueId, iso(at),
         store_.station_}));
    // 'issued' counts range addresses used up, including ones skipped because another
    // order holds them; 'active' counts rows that are not failed.
    const qint64 issued = rekey ? 0 : qint64(reservation.index) + 1;
    return sql::exec(store_.database_, kClaim,
                     QStringLiteral("UPDATE orders SET active = active + 1,"
                                    " issued = CASE WHEN issued < ? THEN ? ELSE issued END"
                                    " WHERE id = ?"),
                     {issued, issued, order.id});
}

/// PostgreSQL: several stations claim at once; the order's row, locked until the
/// transaction ends, makes their reservations take turns, so each reads the counters
/// and the free addresses the previous one left. SQLite has one writer anyway.
Done StoreEndpoints::lockOrderRow(const QString& orderId) {
    if (!store_.shared_)
        return {};
    return sql::exec(store_.database_, kClaim,
                     QStringLiteral("SELECT id FROM orders WHERE id = ? FOR UPDATE"), {orderId});
}

Outcome<Claim> StoreEndpoints::reserveNew(const Order& order, int slot, const QString& uniqueId,
                                          const QDateTime& at) {
    KPS_TRY(lockOrderRow(order.id));
    KPS_TRY_LET(counters, countersOf(store_.database_, order.id));
    if (counters.active >= counters.quantity)
        return claimOf(ClaimKind::QuotaReached,
                       QStringLiteral("quota reached: %1 endpoints").arg(counters.quantity));
    // Shared registry: a supervisor holds the order (running -> open) to close it; from
    // then on no station starts another endpoint, so what the close exports is final.
    if (store_.shared_ && !counters.running)
        return claimOf(ClaimKind::QuotaReached, QStringLiteral("the order is on hold"));
    KPS_TRY_LET(index, nextFreeIndex(order, counters.issued));
    const Reservation reservation{order.addressAt(index)->text(), index};
    KPS_TRY(insertReserved(order, reservation, false, slot, uniqueId, at));
    Claim claimed{ClaimKind::Fresh, {}, {}};
    claimed.row = {reservation.address,
                   order.id,
                   index,
                   false,
                   EndpointState::Reserved,
                   {},
                   slot,
                   0,
                   uniqueId,
                   at};
    return claimed;
}

Outcome<Claim> StoreEndpoints::reserveRekey(const Order& order, int slot, const QString& uniqueId,
                                            const QDateTime& at) {
    KPS_TRY(lockOrderRow(order.id));
    KPS_TRY_LET(counters, countersOf(store_.database_, order.id));
    KPS_TRY_LET(
        produced,
        sql::run(store_.database_, kClaim,
                 QStringLiteral(
                     "SELECT address, order_id FROM endpoints WHERE unique_id = ? AND"
                     " state = 'verified' AND order_id <> ? ORDER BY finished_at DESC LIMIT 1"),
                 {uniqueId, order.id}));
    if (!produced.next())
        return claimOf(ClaimKind::Unknown,
                       QStringLiteral("this station never verified the endpoint %1").arg(uniqueId));
    const QString address = produced.value(0).toString();
    const QString previousOrder = produced.value(1).toString();
    const auto index = order.indexOf(address);
    if (!index)
        return claimOf(ClaimKind::Unknown,
                       QStringLiteral("the order does not list %1").arg(address));
    KPS_TRY_LET(existing, find(order.id, address));
    if (existing)
        return claimOf(ClaimKind::Unknown, QStringLiteral("%1 is %2 in this order already")
                                               .arg(address, endpointStateName(existing->state)));
    if (counters.active >= counters.quantity)
        return claimOf(ClaimKind::QuotaReached,
                       QStringLiteral("quota reached: %1 endpoints").arg(counters.quantity));
    KPS_TRY(insertReserved(order, {address, *index}, true, slot, uniqueId, at));
    KPS_TRY(
        sql::exec(store_.database_, kClaim,
                  QStringLiteral("INSERT INTO key_history (order_id, address, previous_order_id,"
                                 " secret_id, role, version, kcv, recorded_at)"
                                 " SELECT ?, address, order_id, secret_id, role, version, kcv, ?"
                                 " FROM endpoint_secrets WHERE order_id = ? AND address = ?"
                                 " AND kcv IS NOT NULL"),
                  {order.id, iso(at), previousOrder, address}));
    Claim claimed{ClaimKind::Fresh, {}, {}};
    claimed.row = {address, order.id, *index, true,     EndpointState::Reserved,
                   {},      slot,     0,      uniqueId, at};
    return claimed;
}

Done StoreEndpoints::recordSecrets(const QString& orderId, const QString& address,
                                   const std::vector<SecretRow>& secrets) {
    const QString what = QStringLiteral("record wrapped secrets");
    for (const SecretRow& secret : secrets) {
        auto done = sql::exec(
            store_.database_, what,
            QStringLiteral("INSERT INTO endpoint_secrets (order_id, address, secret_id, role,"
                           " version, kcv, customer_wrapped, headend_wrapped, storage_wrapped)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            {orderId, address, secret.id, secretRoleName(secret.role), secret.version,
             secret.kcv.isEmpty() ? QVariant() : secret.kcv,
             QString::fromLatin1(secret.customerWrapped.toBase64()),
             base64OrNull(secret.headendWrapped), base64OrNull(secret.storageWrapped)});
        if (!done)
            return done;
    }
    KPS_TRY_LET(updated,
                sql::change(store_.database_, what,
                            QStringLiteral("UPDATE endpoints SET state = 'injecting' WHERE"
                                           " order_id = ? AND address = ? AND state = 'reserved'"),
                            {orderId, address}));
    if (updated != 1)
        return failure(ErrorKind::Internal, what, address,
                       QStringLiteral("the endpoint is not reserved any more"));
    return {};
}

Done StoreEndpoints::finish(const QString& orderId, const QString& address, EndpointState state,
                            const QString& reason, int attempts, qint64 cycleMs,
                            const QDateTime& at) {
    const QString what = QStringLiteral("record endpoint result");
    KPS_TRY_LET(
        updated,
        sql::change(store_.database_, what,
                    QStringLiteral(
                        "UPDATE endpoints SET state = ?, reason = ?, finished_at = ?, cycle_ms = ?,"
                        " attempts = attempts + ? WHERE order_id = ? AND address = ?"
                        " AND state IN ('reserved', 'injecting')"),
                    {endpointStateName(state), reason.isEmpty() ? QVariant() : reason, iso(at),
                     cycleMs, attempts, orderId, address}));
    if (updated != 1)
        return failure(ErrorKind::Internal, what, address,
                       QStringLiteral("the endpoint is not in progress"));
    const QString counters = state == EndpointState::Verified
                                 ? QStringLiteral("verified = verified + 1")
                                 : QStringLiteral("failed = failed + 1, active = active - 1");
    return sql::exec(store_.database_, what,
                     QStringLiteral("UPDATE orders SET %1 WHERE id = ?").arg(counters), {orderId});
}

Outcome<QStringList> StoreEndpoints::failInterrupted(const QString& orderId, int slot,
                                                     const QString& present, const QString& actor,
                                                     const QDateTime& at) {
    KPS_TRY_LET(rows, where(QStringLiteral("e.order_id = ? AND e.station = ? AND e.slot = ?"
                                           " AND e.state IN ('reserved', 'injecting')"
                                           " AND (e.unique_id IS NULL OR e.unique_id <> ?)"),
                            {orderId, store_.station_, slot, present}));
    QStringList addresses;
    for (const EndpointRow& row : rows) {
        const QString reason = faultName(Fault::Interrupted);
        KPS_TRY(finish(orderId, row.address, EndpointState::Failed, reason, 0, 0, at));
        KPS_TRY(store_.audit().append(actor, QStringLiteral("endpoint.failed"), row.address,
                                      {{QStringLiteral("order"), orderId},
                                       {QStringLiteral("slot"), slot},
                                       {QStringLiteral("reason"), reason},
                                       {QStringLiteral("uniqueId"), row.uniqueId},
                                       {QStringLiteral("was"), endpointStateName(row.state)}},
                                      at));
        addresses << row.address;
    }
    return addresses;
}

} // namespace kps::provisioning
