#include "kps/provisioning/store.hpp"
#include "sql.hpp"

namespace kps::provisioning {
namespace {

QString iso(const QDateTime& time) {
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QString base64(const std::vector<std::uint8_t>& bytes) {
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char*>(bytes.data()), qsizetype(bytes.size()))
            .toBase64());
}

OrderState orderStateFrom(const QString& name) {
    if (name == QLatin1String("running"))
        return OrderState::Running;
    if (name == QLatin1String("closed"))
        return OrderState::Closed;
    return OrderState::Open;
}

} // namespace

QString orderStateName(OrderState state) {
    switch (state) {
    case OrderState::Open:
        return QStringLiteral("open");
    case OrderState::Running:
        return QStringLiteral("running");
    case OrderState::Closed:
        return QStringLiteral("closed");
    }
    return {};
}

Done StoreOrders::insert(const OrderRecord& record) {
    const Order& order = record.order;
    return sql::exec(
        store_.database_, QStringLiteral("register order"),
        QStringLiteral(
            "INSERT INTO orders (id, state, customer_name, customer_certificate, headend_name,"
            " headend_certificate, headend_dm, profile, key_source, quantity,"
            " customer_kek, customer_kek_wrap, customer_kek_kcv,"
            " headend_kek, headend_kek_wrap, headend_kek_kcv, order_document, created)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {order.id, orderStateName(record.state), order.customer.name,
         base64(order.customer.certificate.der), order.headend.name,
         base64(order.headend.certificate.der), order.headendDm, order.profile,
         keySourceName(order.keySource), order.quantity,
         QString::fromLatin1(record.customerKek.wrapped.toBase64()), record.customerKek.wrap,
         record.customerKek.kcv, QString::fromLatin1(record.headendKek.wrapped.toBase64()),
         record.headendKek.wrap, record.headendKek.kcv, QString::fromUtf8(order.document),
         iso(record.created)});
}

Outcome<std::optional<OrderRecord>> StoreOrders::find(const QString& id) {
    KPS_TRY_LET(
        query,
        sql::run(
            store_.database_, QStringLiteral("read order"),
            QStringLiteral(
                "SELECT state, customer_certificate, headend_certificate, issued, verified, failed,"
                " customer_kek, customer_kek_wrap, customer_kek_kcv,"
                " headend_kek, headend_kek_wrap, headend_kek_kcv, order_document, created, closed"
                " FROM orders WHERE id = ?"),
            {id}));
    if (!query.next())
        return std::optional<OrderRecord>();
    KPS_TRY_LET(order, orderFromRegistered(query.value(12).toString().toUtf8(),
                                           QByteArray::fromBase64(query.value(1).toByteArray()),
                                           QByteArray::fromBase64(query.value(2).toByteArray())));
    OrderRecord record;
    record.order = order;
    record.state = orderStateFrom(query.value(0).toString());
    record.issued = query.value(3).toUInt();
    record.verified = query.value(4).toUInt();
    record.failed = query.value(5).toUInt();
    record.customerKek = {QByteArray::fromBase64(query.value(6).toByteArray()),
                          query.value(7).toString(), query.value(8).toString()};
    record.headendKek = {QByteArray::fromBase64(query.value(9).toByteArray()),
                         query.value(10).toString(), query.value(11).toString()};
    record.created = QDateTime::fromString(query.value(13).toString(), Qt::ISODateWithMs);
    record.closed = QDateTime::fromString(query.value(14).toString(), Qt::ISODateWithMs);
    return std::optional<OrderRecord>(std::move(record));
}

Outcome<QStringList> StoreOrders::ids() {
    KPS_TRY_LET(query, sql::run(store_.database_, QStringLiteral("list orders"),
                                QStringLiteral("SELECT id FROM orders ORDER BY created, id")));
    QStringList ids;
    while (query.next())
        ids << query.value(0).toString();
    return ids;
}

Done StoreOrders::setState(const QString& id, OrderState state, const QDateTime& at) {
    const QString what = QStringLiteral("change order state");
    KPS_TRY_LET(
        updated,
        sql::change(
            store_.database_, what,
            QStringLiteral(
                "UPDATE orders SET state = ?, closed = ? WHERE id = ? AND state <> 'closed'"),
            {orderStateName(state), state == OrderState::Closed ? iso(at) : QString(), id}));
    if (updated != 1)
        return failure(ErrorKind::Refused, what, id,
                       QStringLiteral("the order is closed (or unknown): its state is final"));
    return {};
}

Done StoreOrders::recordMaster(const QString& orderId, const QString& name, const QString& label,
                               const QString& kcv, const QDateTime& at) {
    return sql::exec(
        store_.database_, QStringLiteral("record master"),
        QStringLiteral(
            "INSERT INTO masters (order_id, name, label, kcv, recorded_at) VALUES (?, ?, ?, ?, ?)"),
        {QString(orderId.isNull() ? QStringLiteral("") : orderId), name, label, kcv, iso(at)});
}

Outcome<std::vector<std::pair<QString, QString>>> StoreOrders::masters(const QString& orderId) {
    KPS_TRY_LET(
        query,
        sql::run(store_.database_, QStringLiteral("read masters"),
                 QStringLiteral("SELECT name, kcv FROM masters WHERE order_id = ? ORDER BY name"),
                 {QString(orderId.isNull() ? QStringLiteral("") : orderId)}));
    std::vector<std::pair<QString, QString>> list;
    while (query.next())
        list.emplace_back(query.value(0).toString(), query.value(1).toString());
    return list;
}

Done StoreOrders::pinProfile(const QString& orderId, const PinnedProfile& pinned) {
    return sql::exec(store_.database_, QStringLiteral("pin profile"),
                     QStringLiteral("INSERT INTO order_profiles (order_id, name, path, sha256, "
                                    "document) VALUES (?, ?, ?, ?, ?)"),
                     {orderId, pinned.name, pinned.path, pinned.sha256,
                      QString::fromLatin1(pinned.document.toBase64())});
}

Outcome<std::optional<StoreOrders::PinnedProfile>>
StoreOrders::pinnedProfile(const QString& orderId) {
    KPS_TRY_LET(rows, sql::run(store_.database_, QStringLiteral("read pinned profile"),
                               QStringLiteral("SELECT name, path, sha256, document FROM "
                                              "order_profiles WHERE order_id = ?"),
                               {orderId}));
    if (!rows.next())
        return std::optional<PinnedProfile>();
    return std::optional<PinnedProfile>(
        PinnedProfile{rows.value(0).toString(), rows.value(1).toString(), rows.value(2).toString(),
                      QByteArray::fromBase64(rows.value(3).toString().toLatin1())});
}

} // namespace kps::provisioning
