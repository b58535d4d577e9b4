#include "kps/app/commands/station_commands.hpp"

#include "kps/app/commands/words.hpp"

namespace kps::app {

using namespace provisioning;

LoadStationCommand::LoadStationCommand(StationHost& host, Principal by, QObject* parent)
    : Command(host, parent)
    , by_(std::move(by)) {}

CommandReport LoadStationCommand::work(Station& station, const std::atomic<bool>&) {
    const QString failed = tr("Cannot read the station's orders");
    if (auto permitted = station.require(by_, Action::ViewOrders, QStringLiteral("orders"));
        !permitted)
        return CommandReport::failure(fromError(permitted.error()), failed);
    auto ids = station.store().orderIds();
    if (!ids)
        return CommandReport::failure(fromError(ids.error()), failed);
    for (const QString& id : *ids) {
        auto record = station.order(id);
        if (!record)
            return CommandReport::failure(fromError(record.error()), failed);
        loaded_.orders.push_back(std::move(*record));
    }
    auto alarms = openAlarms(station.store());
    if (!alarms)
        return CommandReport::failure(fromError(alarms.error()), failed);
    loaded_.openAlarms = std::move(*alarms);
    return CommandReport::success(
        tr("%n order(s), %1 open alarm(s)", nullptr, int(loaded_.orders.size()))
            .arg(loaded_.openAlarms.size()));
}

AddOrderCommand::AddOrderCommand(StationHost& host, Principal by, QString orderFile,
                                 QObject* parent)
    : Command(host, parent)
    , by_(std::move(by))
    , file_(std::move(orderFile)) {}

CommandReport AddOrderCommand::work(Station& station, const std::atomic<bool>&) {
    auto record = station.addOrder(by_, file_);
    if (!record)
        return CommandReport::failure(fromError(record.error()),
                                      tr("The order was not registered"));
    added_ = *record;
    return CommandReport::success(tr("Order %1 registered: %2 endpoints, %3")
                                      .arg(record->order.id)
                                      .arg(record->order.quantity)
                                      .arg(keySourceTitle(record->order.keySource)),
                                  tr("KEK check values: customer %1, head-end %2")
                                      .arg(record->customerKek.kcv, record->headendKek.kcv));
}

ChangeOrderStateCommand::ChangeOrderStateCommand(StationHost& host, Principal by, QString orderId,
                                                 OrderState to, QObject* parent)
    : Command(host, parent)
    , by_(std::move(by))
    , orderId_(std::move(orderId))
    , to_(to) {}

CommandReport ChangeOrderStateCommand::work(Station& station, const std::atomic<bool>&) {
    const bool release = to_ == OrderState::Running;
    auto record = station.changeOrderState(by_, orderId_, to_);
    if (!record)
        return CommandReport::failure(fromError(record.error()),
                                      release ? tr("The order was not released to the line")
                                              : tr("The order was not held"));
    return CommandReport::success(
        release ? tr("Order %1 is on the line: operators may run it").arg(orderId_)
                : tr("Order %1 is held: no one runs it until it is "
                     "released again")
                      .arg(orderId_));
}

CloseOrderCommand::CloseOrderCommand(StationHost& host, Principal by, QString orderId,
                                     QObject* parent)
    : Command(host, parent)
    , by_(std::move(by))
    , orderId_(std::move(orderId)) {}

CommandReport CloseOrderCommand::work(Station& station, const std::atomic<bool>&) {
    postProgress(0, 0, tr("Exporting and destroying the order's keys"));
    auto closed = closeOrder(station, by_, orderId_);
    if (!closed)
        return CommandReport::failure(closed.error(), tr("The order was not closed"));
    closed_ = *closed;
    return CommandReport::success(
        tr("Order %1 closed: %2 endpoints exported to %3")
            .arg(orderId_)
            .arg(closed->endpoints)
            .arg(closed->files.directory),
        tr("Destroyed in the HSM: %1").arg(closed->destroyed.join(QStringLiteral(", "))));
}

VerifyAuditCommand::VerifyAuditCommand(StationHost& host, Principal by, QObject* parent)
    : Command(host, parent)
    , by_(std::move(by)) {}

CommandReport VerifyAuditCommand::work(Station& station, const std::atomic<bool>&) {
    const QString failed = tr("The audit chain could not be checked");
    if (auto permitted = station.require(by_, Action::VerifyAudit, QStringLiteral("audit"));
        !permitted)
        return CommandReport::failure(fromError(permitted.error()), failed);
    postProgress(0, 0, tr("Walking the audit chain"));
    auto checked = verifyAuditChain(station.store(), station.vault().identity().signing);
    if (!checked)
        return CommandReport::failure(checked.error(), failed);
    checked_ = *checked;
    if (!checked->intact)
        return CommandReport::failure(
            {BadInput, tr("row %1: %2").arg(checked->firstBroken).arg(checked->reason)},
            tr("The audit chain is BROKEN at row %1").arg(checked->firstBroken));
    return CommandReport::success(
        tr("The audit chain is intact: %n row(s)", nullptr, int(checked->rows)),
        tr("Head: %1").arg(checked->headHash));
}

} // namespace kps::app
