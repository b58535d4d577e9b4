// kps run: the line for one order, after the checks of its state, role and lock.
#include "kps/provisioning/firmware.hpp"
#include "kps/provisioning/key_plan.hpp"
#include "kps/provisioning/station.hpp"
#include "station_core.hpp"

#include <QCoreApplication>
#include <QJsonObject>

namespace kps::provisioning {
namespace {

const QString kRun = QStringLiteral("run order");

Done auditOnWriter(StoreWriter& writer, const QString& actor, const QString& event,
                   const QString& orderId, const QJsonObject& detail) {
    return writer.submit([&](Store& store) -> Done {
        KPS_TRY(
            store.audit().append(actor, event, orderId, detail, QDateTime::currentDateTimeUtc()));
        return {};
    });
}

/// Rows a crash left in progress in slots this run does not drive stay as they are;
/// the operator is told how to recover them.
Done warnAboutOtherSlots(Store& store, const QString& orderId, int slotCount,
                         RunObserver& observer) {
    KPS_TRY_LET(unfinished, store.endpoints().unfinished(orderId));
    for (const EndpointRow& row : unfinished)
        if (row.station == store.station() && row.slot > slotCount)
            observer.alarm(QStringLiteral("slot %1 holds %2, left %3 by an interrupted run: run "
                                          "with --slots %1 or more to recover it")
                               .arg(row.slot)
                               .arg(row.address, endpointStateName(row.state)));
    return {};
}

QJsonObject stopFacts(const RunSummary& summary) {
    return {{QStringLiteral("verified"), summary.verified},
            {QStringLiteral("failed"), summary.failed},
            {QStringLiteral("recovered"), summary.recovered},
            {QStringLiteral("interrupted"), summary.interrupted},
            {QStringLiteral("retries"), summary.retries},
            {QStringLiteral("cancelled"), summary.cancelled},
            {QStringLiteral("orderComplete"), summary.orderComplete},
            {QStringLiteral("stoppedBy"),
             summary.stoppedBy ? summary.stoppedBy->message() : QString()}};
}

/// The order as a run may take it: not closed, its keys ready, started (a supervisor
/// starts an open order by running it).
Outcome<OrderRecord> orderToRun(Station& station, const Principal& by, const OrderId& orderId) {
    KPS_TRY_LET(record, station.orders().find(orderId));
    if (record.state == OrderState::Closed)
        return failure(ErrorKind::Refused, kRun, orderId, QStringLiteral("the order is closed"));
    KPS_TRY(station.custody().checkKeysReady(record));
    if (record.state != OrderState::Open)
        return record;
    if (!allowed(by.role, Action::ChangeOrderState))
        return failure(
            ErrorKind::Refused, kRun, orderId, QStringLiteral("the order is open, not started"),
            QStringLiteral("A supervisor starts it with kps order start %1").arg(orderId));
    return station.orders().changeState(by, orderId, OrderState::Running);
}

/// Each slot's jig, for this run alone: a second run asking for one is refused.
Outcome<std::vector<OrderLock>> lockSlots(const QString& locks, JigRack& rack, int slots,
                                          const QString& orderId) {
    std::vector<OrderLock> held;
    const QString holder = QStringLiteral("the run of order %1 (process %2)")
                               .arg(orderId)
                               .arg(QCoreApplication::applicationPid());
    for (int slot = 1; slot <= slots; ++slot) {
        const QString name = rack.slotName(slot);
        if (name.isEmpty())
            continue;
        KPS_TRY_LET(lock, OrderLock::acquireJig(locks, name, slot, holder));
        held.push_back(std::move(lock));
    }
    return held;
}

} // namespace

Outcome<RunSummary> Line::run(const Principal& by, const OrderId& orderId,
                              const RunOptions& requested, JigRack& rack, RunObserver& observer,
                              const std::atomic<bool>& cancel) {
    KPS_TRY(station_.users().require(by, Action::RunOrder, orderId));
    KPS_TRY_LET(lock, station_.orders().lock(orderId));
    KPS_TRY_LET(slots, lockSlots(station_.paths().locks(), rack, requested.slotCount, orderId));
    KPS_TRY_LET(record, orderToRun(station_, by, orderId));
    KPS_TRY_LET(profile, station_.orders().profileOf(record));
    KPS_TRY_LET(plan, planKeys(profile, record.order));
    KPS_TRY_LET(firmware, loadFirmware(profile)); // read and checked against its pin again
    KPS_TRY(warnAboutOtherSlots(*core_.store, orderId, requested.slotCount, observer));
    RunOptions options = requested;
    options.actor = by.user;
    options.firmware = std::move(firmware);
    KPS_TRY_LET(writer, StoreWriter::start(core_.location));
    KPS_TRY(auditOnWriter(
        *writer, options.actor, QStringLiteral("line.start"), orderId,
        {{QStringLiteral("slots"), options.slotCount}, {QStringLiteral("count"), options.count}}));
    LineRun line(*core_.vault, rack, *writer, record, plan, options);
    RunSummary summary = line.run(observer, cancel);
    auto after = core_.store->orders().find(orderId);
    summary.orderComplete =
        after && *after && (*after)->verified >= std::uint32_t(record.order.quantity);
    // Every endpoint's own row is in by now; a line.stop row that cannot be written
    // makes the run fail (fail closed), its endpoints recorded as they ended.
    KPS_TRY(auditOnWriter(*writer, options.actor, QStringLiteral("line.stop"), orderId,
                          stopFacts(summary)));
    return summary;
}

} // namespace kps::provisioning
