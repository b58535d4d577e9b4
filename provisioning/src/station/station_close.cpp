// kps close, the engine's part: the checks before anything leaves, the supervisor's
// key destruction, and the close transaction itself.
#include "kps/provisioning/station.hpp"
#include "station_core.hpp"

namespace kps::provisioning {
namespace {

const QString kClose = QStringLiteral("close order");

bool fromCustomer(KeySource source) {
    return source == KeySource::CustomerMasters || source == KeySource::CustomerList;
}

Done checkClosable(Station& station, StationCore& core, const OrderRecord& record) {
    const QString& orderId = record.order.id;
    if (record.state == OrderState::Closed)
        return failure(ErrorKind::Refused, kClose, orderId,
                       QStringLiteral("the order is closed already"));
    if (core.location.shared() && record.state == OrderState::Running)
        return failure(ErrorKind::Refused, kClose, orderId,
                       QStringLiteral("other stations may be running the order: hold it first "
                                      "(kps order hold %1), so that none starts another "
                                      "endpoint, then close it")
                           .arg(orderId));
    KPS_TRY_LET(busy, core.store->endpoints().inProgress(orderId));
    if (busy > 0)
        return failure(ErrorKind::Refused, kClose, orderId,
                       QStringLiteral("%1 endpoints are still in progress after an interrupted "
                                      "run")
                           .arg(busy),
                       QStringLiteral("Run the order again (kps run) to recover them first"));
    if (!fromCustomer(record.order.keySource))
        return {};
    KPS_TRY_LET(destroyed, station.custody().keysDestroyed(orderId));
    if (!destroyed)
        return failure(ErrorKind::Refused, kClose, orderId,
                       QStringLiteral("the customer's keys are destroyed by two key custodians "
                                      "before the order is closed"),
                       QStringLiteral("Run kps destroy %1 first").arg(orderId));
    return {};
}

} // namespace

Outcome<OrderClosing> Orders::beginClose(const Principal& by, const OrderId& orderId) {
    KPS_TRY(station_.users().require(by, Action::CloseOrder, orderId));
    KPS_TRY_LET(held, lock(orderId)); // no run may start while the order closes
    KPS_TRY_LET(record, find(orderId));
    KPS_TRY(checkClosable(station_, core_, record));
    return OrderClosing(std::move(held), BatchRecords(station_, core_, by, std::move(record)));
}

Outcome<std::optional<DestructionRecord>> OrderClosing::destroyKeys() {
    const OrderRecord& record = records_.record();
    KPS_TRY_LET(done, records_.station_->custody().keysDestroyed(record.order.id));
    if (done)
        return std::optional<DestructionRecord>();
    KPS_TRY_LET(destroyed,
                records_.station_->custody().destroyKeysAtClose(records_.principal(), record));
    return std::optional<DestructionRecord>(std::move(destroyed));
}

Outcome<QStringList> OrderClosing::confirmDestroyed() {
    StationCore& core = *records_.core_;
    const QString& orderId = records_.record().order.id;
    KPS_TRY_LET(left, core.vault->orderObjectsOnToken(orderId));
    if (!left.isEmpty())
        return failure(ErrorKind::Device, kClose, orderId,
                       QStringLiteral("%1 still on the token").arg(left.join(QStringLiteral(", "))),
                       QStringLiteral("Call the key custodians"));
    KPS_TRY_LET(objects, core.store->custody().objects(orderId));
    QStringList labels;
    for (const CustodyObject& object : objects)
        labels << object.label;
    return labels;
}

Done OrderClosing::commit(const QString& exportsDirectory) {
    Store& store = *records_.core_->store;
    OrderRecord& record = records_.record_;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    KPS_TRY(store.inTransaction([&]() -> Done {
        KPS_TRY(store.orders().setState(record.order.id, OrderState::Closed, now));
        KPS_TRY(store.audit().append(records_.principal().user, QStringLiteral("order.close"),
                                     record.order.id,
                                     {{QStringLiteral("verified"), qint64(record.verified)},
                                      {QStringLiteral("failed"), qint64(record.failed)},
                                      {QStringLiteral("exports"), exportsDirectory}},
                                     now));
        // The close is sealed: the station key signs the chain's head, and the report
        // is anchored to this checkpoint however often it is rewritten.
        KPS_TRY(store.audit().checkpoint(QStringLiteral("order.close")));
        return {};
    }));
    record.state = OrderState::Closed;
    record.closed = now;
    return {};
}

} // namespace kps::provisioning
