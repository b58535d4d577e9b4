#include "kps/app/commands/run_order_command.hpp"

#include "run_bridge.hpp"

namespace kps::app {

using namespace provisioning;

namespace {

CommandReport reportOf(const RunOutcome& outcome, const QString& orderId) {
    if (!outcome.summary)
        return CommandReport::failure(*outcome.failure,
                                      RunOrderCommand::tr("The line did not start"));
    const RunSummary& summary = *outcome.summary;
    const QString counts = RunOrderCommand::tr("%1: %2 verified, %3 failed in %4 s")
                               .arg(orderId)
                               .arg(summary.verified)
                               .arg(summary.failed)
                               .arg(double(summary.elapsedMs) / 1000.0, 0, 'f', 1);
    const QString details = outcome.unrecorded.isEmpty()
                                ? QString()
                                : RunOrderCommand::tr("Alarms that could not be recorded:\n%1")
                                      .arg(outcome.unrecorded.join(QLatin1Char('\n')));
    if (outcome.failure) {
        CommandReport report =
            CommandReport::failure(*outcome.failure, RunOrderCommand::tr("The line stopped"));
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

} // namespace

RunOrderCommand::RunOrderCommand(StationHost& host, RunRequest request, QObject* parent)
    : Command(
          host,
          [this, request](Station& station, CommandWorker& worker) {
              auto bridge = std::make_shared<RunBridge>(*this, worker, request.slotCount);
              RunOutcome outcome = runOrder(station, request, *bridge, worker.cancelled());
              CommandReport report = reportOf(outcome, request.orderId);
              worker.keep(std::move(outcome));
              return report;
          },
          parent)
    , request_(std::move(request)) {}

} // namespace kps::app
