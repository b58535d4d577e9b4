#include "kps/app/operations/run.hpp"

#include "kps/provisioning/probe_rack.hpp"
#include "kps/provisioning/simulated_rack.hpp"

#include <QCoreApplication>
#include <QDir>
#include <mutex>

namespace kps::app {

using namespace provisioning;

namespace {

/// The engine's observer for a run: passes everything on to the watcher, and keeps each
/// alarm (with the slot whose thread raised it) for recording when the run returns.
class AlarmKeeper final : public RunObserver {
public:
    AlarmKeeper(RunWatcher& watcher, QString orderId)
        : watcher_(watcher)
        , orderId_(std::move(orderId)) {}

    void slotStep(int slot, SlotStep step, const QString& address) override {
        tSlot = slot;
        watcher_.slotStep(slot, step, address);
    }
    void endpointFinished(const EndpointResult& result) override {
        tSlot = result.slot;
        watcher_.endpointFinished(result);
    }
    void alarm(const QString& message) override {
        const AlarmNotice notice{AlarmKind::Jig, orderId_, tSlot, message,
                                 QDateTime::currentDateTimeUtc()};
        {
            std::lock_guard lock(mutex_);
            alarms_.push_back(notice);
        }
        watcher_.alarmRaised(notice);
    }
    std::vector<AlarmNotice> alarms() {
        std::lock_guard lock(mutex_);
        return alarms_;
    }

private:
    /// The slot a slot thread works for (the engine's alarm() does not name it).
    static thread_local int tSlot;
    RunWatcher& watcher_;
    QString orderId_;
    std::mutex mutex_;
    std::vector<AlarmNotice> alarms_;
};

thread_local int AlarmKeeper::tSlot = 0;

/// The alarm for an error that stopped the line (refusals and bad input raise none).
std::optional<AlarmNotice> alarmFor(const Error& error, const QString& orderId) {
    AlarmKind kind = AlarmKind::Line;
    switch (error.kind) {
    case ErrorKind::BadInput:
    case ErrorKind::Refused:
        return std::nullopt;
    case ErrorKind::Store:
        kind = AlarmKind::Store;
        break;
    case ErrorKind::Device: // PKCS#11 failures name their CKR_ code
        kind = error.reason.contains(QLatin1String("CKR_")) ? AlarmKind::Hsm : AlarmKind::Jig;
        break;
    case ErrorKind::Internal:
        break;
    }
    return AlarmNotice{kind, orderId, 0, error.message(), QDateTime::currentDateTimeUtc()};
}

std::vector<AlarmNotice> alarmsAfter(const Outcome<RunSummary>& summary, AlarmKeeper& keeper,
                                     const QString& orderId) {
    std::vector<AlarmNotice> notices = keeper.alarms();
    const std::optional<Error> stopped =
        !summary ? std::optional(summary.error()) : summary->stoppedBy;
    if (stopped)
        if (auto notice = alarmFor(*stopped, orderId))
            notices.push_back(*notice);
    if (summary && summary->orderComplete)
        notices.push_back({AlarmKind::Quota, orderId, 0,
                           QStringLiteral("order %1 has all its endpoints: close it").arg(orderId),
                           QDateTime::currentDateTimeUtc()});
    return notices;
}

/// Records each alarm; those that cannot be recorded are named with the reason.
void recordAlarms(Station& station, const Principal& by, const std::vector<AlarmNotice>& notices,
                  RunOutcome& outcome) {
    for (const AlarmNotice& notice : notices) {
        if (auto raised = station.line().raiseAlarm(by, notice))
            outcome.recorded.push_back(*raised);
        else
            outcome.unrecorded << notice.message + QStringLiteral(" (") + raised.error().message() +
                                      QLatin1Char(')');
    }
    if (auto open = station.line().openAlarms(by))
        outcome.open = std::move(*open);
}

RunOutcome notStarted(const CommandError& error) {
    RunOutcome outcome;
    outcome.failure = error;
    return outcome;
}

} // namespace

RackFactory simulatedRack(const SimulatedLine& line) {
    return
        [line](Station& station, const OrderRecord& record) -> Outcome<std::unique_ptr<JigRack>> {
            const QDir sim(station.paths().simulatedLine());
            SimulatedRackOptions options{line.slots, sim.path(), line.seed, line.faultRate,
                                         sim.filePath(QStringLiteral("sockets"))};
            options.crashAt = line.crashAt;
            options.firstSocket = line.firstSocket;
            options.flashMs = line.flashMs;
            if (record.order.rekeying()) {
                KPS_TRY_LET(returned, station.line().endpointsToReturn(record, sim.path()));
                options.returned = std::move(returned);
                options.onlyReturned = true;
            }
            // The profile's target: the line's endpoints (reference model or STM32WLE5).
            KPS_TRY_LET(profile, station.orders().profileOf(record));
            return makeSimulatedRackFor(profile.target, options);
        };
}

RackFactory probeRack(const QStringList& serials) {
    return
        [serials](Station& station, const OrderRecord& order) -> Outcome<std::unique_ptr<JigRack>> {
            KPS_TRY_LET(profile, station.orders().profileOf(order));
            return makeProbeRack({serials, profile.target});
        };
}

std::optional<CommandError> runShortfall(const RunSummary& summary, int count) {
    if (summary.cancelled)
        return CommandError{Cancelled,
                            QStringLiteral("cancelled: the endpoints in the sockets were recorded; "
                                           "run the order again to go on")};
    const bool countReached = count > 0 && summary.verified >= count;
    if (summary.orderComplete || countReached || summary.slotsStopped == 0 ||
        summary.slotsStopped + summary.slotsEmpty < summary.slots)
        return std::nullopt;
    return CommandError{DeviceFailure,
                        QStringLiteral("the line stopped: %1 of %2 slots stopped on alarms")
                            .arg(summary.slotsStopped)
                            .arg(summary.slots)};
}

RunOutcome runOrder(Station& station, const RunRequest& request, RunWatcher& watcher,
                    const std::atomic<bool>& cancel) {
    auto orderId = OrderId::parse(request.orderId);
    if (!orderId)
        return notStarted(fromError(orderId.error()));
    auto status = station.orders().show(request.by, *orderId);
    if (!status)
        return notStarted(fromError(status.error()));
    const OrderRecord& record = status->record;
    const qint64 remaining = qint64(record.order.quantity) - record.verified;
    watcher.started(record,
                    request.count > 0 ? std::min<qint64>(request.count, remaining) : remaining);
    if (!request.rack) // words the GUI translates (context of its run command)
        return notStarted({Refused, QCoreApplication::translate(
                                        "kps::app::RunOrderCommand",
                                        "No jigs are configured: name the probes with --probes "
                                        "SERIAL,... (see kps probes) or use --sim for the "
                                        "simulated line")});
    auto rack = request.rack(station, record);
    if (!rack)
        return notStarted(fromError(rack.error()));
    AlarmKeeper keeper(watcher, record.order.id);
    RunOptions options; // the engine's defaults, but for the slots and the count
    options.slotCount = (*rack)->slotCount();
    options.count = request.count;
    auto summary = station.line().run(request.by, *orderId, options, **rack, keeper, cancel);
    RunOutcome outcome;
    recordAlarms(station, request.by, alarmsAfter(summary, keeper, record.order.id), outcome);
    if (!summary)
        outcome.failure = fromError(summary.error());
    else if (summary->stoppedBy)
        outcome.failure = fromError(*summary->stoppedBy);
    if (summary)
        outcome.summary = std::move(*summary);
    return outcome;
}

} // namespace kps::app
