// kps run: the line for one order, after the checks of its state, role and lock.
#include "kps/provisioning/firmware.hpp"
#include "kps/provisioning/key_plan.hpp"
#include "kps/provisioning/station.hpp"

#include <QJsonObject>

namespace kps::provisioning {
namespace {

const QString kRun = QStringLiteral("run order");

Done auditOnWriter(StoreWriter& writer, const QString& actor, const QString& event,
                   const QString& orderId, const QJsonObject& detail) {
    return writer.submit([&](Store& store) -> Done {
        auto audited =
            store.appendAudit(actor, event, orderId, detail, QDateTime::currentDateTimeUtc());
        return audited ? Done{} : Done(tl::unexpected(audited.error()));
    });
}

/// Rows a crash left in progress in slots this run does not drive stay as they are;
/// the operator is told how to recover them.
Done warnAboutOtherSlots(Store& store, const QString& orderId, int slotCount,
                         RunObserver& observer) {
    auto unfinished = store.unfinished(orderId);
    if (!unfinished)
        return tl::unexpected(unfinished.error());
    for (const EndpointRow& row : *unfinished)
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

} // namespace

Outcome<RunSummary> Station::run(const Principal& by, const QString& orderId,
                                 const RunOptions& requested, JigRack& rack, RunObserver& observer,
                                 const std::atomic<bool>& cancel) {
    if (auto permitted = require(by, Action::RunOrder, orderId); !permitted)
        return tl::unexpected(permitted.error());
    auto lock = lockOrder(orderId);
    if (!lock)
        return tl::unexpected(lock.error());
    auto record = order(orderId);
    if (!record)
        return tl::unexpected(record.error());
    if (record->state == OrderState::Closed)
        return failure(ErrorKind::Refused, kRun, orderId, QStringLiteral("the order is closed"));
    if (auto ready = checkKeysReady(*record); !ready)
        return tl::unexpected(ready.error());
    if (record->state == OrderState::Open) {
        if (!allowed(by.role, Action::ChangeOrderState))
            return failure(
                ErrorKind::Refused, kRun, orderId, QStringLiteral("the order is open, not started"),
                QStringLiteral("A supervisor starts it with kps order start %1").arg(orderId));
        auto started = changeOrderState(by, orderId, OrderState::Running);
        if (!started)
            return tl::unexpected(started.error());
    }
    auto profile = this->profile(record->order.profile);
    if (!profile)
        return tl::unexpected(profile.error());
    auto plan = planKeys(*profile, record->order);
    if (!plan)
        return tl::unexpected(plan.error());
    KPS_TRY_LET(firmware, loadFirmware(*profile)); // read and checked against its pin again
    if (auto warned = warnAboutOtherSlots(*store_, orderId, requested.slotCount, observer); !warned)
        return tl::unexpected(warned.error());
    RunOptions options = requested;
    options.actor = by.user;
    options.firmware = std::move(firmware);
    auto writer = StoreWriter::start(location_);
    if (!writer)
        return tl::unexpected(writer.error());
    if (auto started = auditOnWriter(**writer, options.actor, QStringLiteral("line.start"), orderId,
                                     {{QStringLiteral("slots"), options.slotCount},
                                      {QStringLiteral("count"), options.count}});
        !started)
        return tl::unexpected(started.error());
    LineRun line(*vault_, rack, **writer, *record, *plan, options);
    RunSummary summary = line.run(observer, cancel);
    auto after = store_->order(orderId);
    summary.orderComplete =
        after && *after && (*after)->verified >= std::uint32_t(record->order.quantity);
    // Every endpoint's own row is in by now; a line.stop row that cannot be written
    // makes the run fail (fail closed), its endpoints recorded as they ended.
    KPS_TRY(auditOnWriter(**writer, options.actor, QStringLiteral("line.stop"), orderId,
                          stopFacts(summary)));
    return summary;
}

} // namespace kps::provisioning
