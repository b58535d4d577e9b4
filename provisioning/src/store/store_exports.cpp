// What exports read: the wrapped secrets of an order's endpoints, streamed, with
// nothing else per row (a million endpoints are four million secret rows).
#include "kps/provisioning/store.hpp"
#include "sql.hpp"

namespace kps::provisioning {
namespace {

Outcome<SecretRow> secretFrom(const QSqlQuery& query) {
    KPS_TRY_LET(role, sql::secretRole(query.value(3)));
    return SecretRow{static_cast<std::uint8_t>(query.value(2).toUInt()),
                     role,
                     static_cast<std::uint8_t>(query.value(4).toUInt()),
                     query.value(5).toString(),
                     QByteArray::fromBase64(query.value(6).toByteArray()),
                     QByteArray::fromBase64(query.value(7).toByteArray())};
}

} // namespace

Done StoreEndpoints::forEachSecrets(const QString& orderId, EndpointState state,
                                    const std::function<Done(const EndpointRow&)>& visit) {
    KPS_TRY_LET(query,
                sql::run(store_.database_, QStringLiteral("read endpoints for export"),
                         QStringLiteral(
                             "SELECT e.address, e.idx, s.secret_id, s.role, s.version, s.kcv,"
                             " s.customer_wrapped, s.headend_wrapped"
                             " FROM endpoints e LEFT JOIN endpoint_secrets s"
                             " ON s.order_id = e.order_id AND s.address = e.address"
                             " WHERE e.order_id = ? AND e.state = ? ORDER BY e.idx, s.secret_id"),
                         {orderId, endpointStateName(state)}));
    EndpointRow current;
    while (query.next()) {
        const QString address = query.value(0).toString();
        if (address != current.address) {
            if (!current.address.isEmpty())
                KPS_TRY(visit(current));
            current = EndpointRow{};
            current.address = address;
            current.orderId = orderId;
            current.index = query.value(1).toUInt();
            current.state = state;
        }
        if (!query.value(2).isNull()) {
            KPS_TRY_LET(secret, secretFrom(query));
            current.secrets.push_back(std::move(secret));
        }
    }
    if (!current.address.isEmpty())
        return visit(current);
    return {};
}

Outcome<std::optional<QString>> StoreOrders::masterKcv(const QString& label) {
    KPS_TRY_LET(query,
                sql::run(store_.database_, QStringLiteral("read master check value"),
                         QStringLiteral("SELECT kcv FROM masters WHERE label = ?"), {label}));
    if (!query.next())
        return std::optional<QString>();
    return std::optional<QString>(query.value(0).toString());
}

} // namespace kps::provisioning
