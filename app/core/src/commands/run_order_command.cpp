#include "kps/app/commands/run_order_command.hpp"

#include "kps/provisioning/probe_rack.hpp"
#include "kps/provisioning/simulated_rack.hpp"
#include "run_bridge.hpp"

namespace kps::app {

using namespace provisioning;

namespace {

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

std::vector<AlarmNotice> alarmsAfter(const Outcome<RunSummary>& summary, RunBridge& bridge,
                                     const QString& orderId) {
    std::vector<AlarmNotice> notices = bridge.alarms();
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

CommandReport reportOf(const RunSummary& summary, const QString& orderId,
                       const QStringList& unrecorded) {
    const QString counts = RunOrderCommand::tr("%1: %2 verified, %3 failed in %4 s")
                               .arg(orderId)
                               .arg(summary.verified)
                               .arg(summary.failed)
                               .arg(double(summary.elapsedMs) / 1000.0, 0, 'f', 1);
    QString details = unrecorded.isEmpty()
                          ? QString()
                          : RunOrderCommand::tr("Alarms that could not be recorded:\n%1")
                                .arg(unrecorded.join(QLatin1Char('\n')));
    if (summary.stoppedBy) {
        CommandReport report = CommandReport::failure(fromError(*summary.stoppedBy),
                                                      RunOrderCommand::tr("The line stopped"));
        report.details = counts + QLatin1Char('\n') + report.details + details;
        return report;
    }
    if (summary.cancelled)
        return {CommandReport::Status::Cancelled, RunOrderCommand::tr("Paused: %1").arg(counts),
                details, std::nullopt};
    return CommandReport::success(
        summary.orderComplete ? RunOrderCommand::tr("Order complete: %1").arg(counts) : counts,
        details);
}

/// Records each alarm; returns those that could not be recorded, with the reason.
QStringList recordAlarms(Station& station, const QString& actor,
                         const std::vector<AlarmNotice>& notices, RunOutcome& outcome) {
    QStringList unrecorded;
    for (const AlarmNotice& notice : notices) {
        auto raised = raiseAlarm(station, actor, notice);
        if (raised)
            outcome.recorded.push_back(*raised);
        else
            unrecorded << notice.message + QStringLiteral(" (") + raised.error().message() +
                              QLatin1Char(')');
    }
    return unrecorded;
}

} // namespace

RackFactory simulatedRack(int slotCount, quint64 seed, double faultRate) {
    return [=](Station& station, const OrderRecord& order) -> Outcome<std::unique_ptr<JigRack>> {
        auto profile = station.profile(order.order.profile);
        if (!profile)
            return tl::unexpected(profile.error());
        return makeSimulatedRackFor(profile->target,
                                    {slotCount, station.paths().simulatedLine(), seed, faultRate});
    };
}

RackFactory probeRack(const QStringList& serials) {
    return [=](Station& station, const OrderRecord& order) -> Outcome<std::unique_ptr<JigRack>> {
        auto profile = station.profile(order.order.profile);
        if (!profile)
            return tl::unexpected(profile.error());
        return makeProbeRack({serials, profile->target});
    };
}

RunOrderCommand::RunOrderCommand(StationHost& host, RunRequest request, QObject* parent)
    : Command(host, parent)
    , request_(std::move(request)) {}

RunOrderCommand::~RunOrderCommand() {
    stopAndWait();
}

CommandReport RunOrderCommand::work(Station& station, const std::atomic<bool>& cancelled) {
    const QString& orderId = request_.orderId;
    auto record = station.order(orderId);
    if (!record)
        return CommandReport::failure(fromError(record.error()), tr("The line did not start"));
    const qint64 remaining = qint64(record->order.quantity) - record->verified;
    const qint64 target =
        request_.count > 0 ? std::min<qint64>(request_.count, remaining) : remaining;
    post([this, orderId, quantity = qint64(record->order.quantity),
          verified = qint64(record->verified), failed = qint64(record->failed), target] {
        Q_EMIT orderOpened(orderId, quantity, verified, failed);
        Q_EMIT progress(0, target, {});
    });
    if (!request_.rack)
        return CommandReport::failure(
            {Refused, tr("No jigs are configured: start the station with --probes SERIAL,... "
                         "(see kps probes) or with --sim for the simulated line")},
            tr("The line did not start"));
    auto rack = request_.rack(station, *record);
    if (!rack)
        return CommandReport::failure(fromError(rack.error()), tr("The line did not start"));
    // The bridge posts flushes that refer to it: it lives as long as the command does.
    bridge_ = std::make_unique<RunBridge>(*this, target, request_.slotCount);
    RunBridge& bridge = *bridge_;
    RunOptions options; // the engine's defaults, but for the slots and the count
    options.slotCount = request_.slotCount;
    options.count = request_.count;
    auto summary = station.run(request_.by, orderId, options, **rack, bridge, cancelled);
    RunOutcome outcome;
    const QStringList unrecorded =
        recordAlarms(station, request_.by.user, alarmsAfter(summary, bridge, orderId), outcome);
    if (auto open = openAlarms(station.store()))
        outcome.open = std::move(*open);
    if (!summary) {
        ran_ = std::move(outcome);
        return CommandReport::failure(fromError(summary.error()), tr("The line did not start"));
    }
    outcome.summary = *summary;
    ran_ = outcome;
    return reportOf(*summary, orderId, unrecorded);
}

} // namespace kps::app
