// kps run: the line for one order (simulated jigs with --sim, probes with --probes),
// through the same operation as the GUI's line: its alarms reach the supervisor's panel.
#include "commands.hpp"
#include "kps/app/environment.hpp"
#include "kps/app/operations/run.hpp"
#include "progress_printer.hpp"
#include "session.hpp"

#include <QDateTime>
#include <QJsonArray>
#include <cstdio>
#include <unistd.h>

namespace kps::cli {

using namespace provisioning;

namespace {

const Operand kOrder{"ORDER", Operand::Kind::OrderId};
const Option kSim = Option::flag("sim", "Use the simulated line (training).");
const Option kProbes =
    Option::text("probes", "SERIAL,...", "CMSIS-DAP probe serials, one per slot (see kps probes).");
const Option kSlots = Option::integer("slots", "N", "Jigs in parallel.", "4", 1, 64);
const Option kCount =
    Option::integer("count", "N", "Endpoints to provision now (0: all left).", "0", 0, 100'000'000);
const Option kFirstSocket = Option::integer(
    "first-socket", "N", "Simulated line: the socket of slot 1 (orders side by side).", "1", 1, 64);
const Option kFaultRate = Option::fraction("fault-rate", "R", "Simulated jig faults.", "0");

/// The jigs for `kps run`: the simulated line (--sim) or the probes named by --probes.
app::RackFactory rackFor(const Invocation& call) {
    if (call.isSet(kProbes))
        return app::probeRack(call.text(kProbes).split(u',', Qt::SkipEmptyParts));
    if (!call.isSet(kSim))
        return {}; // the operation refuses: no jigs are configured
    app::SimulatedLine line;
    line.slots = int(call.integer(kSlots));
    line.firstSocket = int(call.integer(kFirstSocket));
    line.seed = quint64(QDateTime::currentMSecsSinceEpoch()) ^ (quint64(::getpid()) << 40);
    line.faultRate = call.fraction(kFaultRate);
    line.crashAt = app::simulatedCrashPoint(); // recovery tests only
    line.flashMs = app::simulatedFlashMs();
    return app::simulatedRack(line);
}

QString ending(const RunSummary& summary) {
    QString text;
    if (summary.recovered || summary.interrupted)
        text += QStringLiteral("; recovered %1, interrupted %2")
                    .arg(summary.recovered)
                    .arg(summary.interrupted);
    if (summary.retries)
        text += QStringLiteral("; %1 retries").arg(summary.retries);
    if (summary.cancelled)
        text += QStringLiteral(" (cancelled)");
    else if (summary.orderComplete)
        text += QStringLiteral(" (order complete)");
    return text;
}

/// The alarms this run raised (recorded for the supervisor's panel).
QJsonArray alarmsOf(const app::RunOutcome& outcome) {
    QJsonArray alarms;
    for (const AlarmRecord& alarm : outcome.recorded)
        alarms.append(QJsonObject{{QStringLiteral("id"), alarm.id},
                                  {QStringLiteral("kind"), alarmKindName(alarm.notice.kind)},
                                  {QStringLiteral("slot"), alarm.notice.slot},
                                  {QStringLiteral("message"), alarm.notice.message}});
    return alarms;
}

int printed(const Context& context, const QString& orderId, const app::RunOutcome& outcome,
            int count) {
    const RunSummary& summary = *outcome.summary;
    const QString text = QStringLiteral("%1: %2 verified, %3 failed in %4 s%5")
                             .arg(orderId)
                             .arg(summary.verified)
                             .arg(summary.failed)
                             .arg(double(summary.elapsedMs) / 1000.0, 0, 'f', 1)
                             .arg(ending(summary));
    const QJsonObject result{{QStringLiteral("order"), orderId},
                             {QStringLiteral("verified"), summary.verified},
                             {QStringLiteral("failed"), summary.failed},
                             {QStringLiteral("recovered"), summary.recovered},
                             {QStringLiteral("interrupted"), summary.interrupted},
                             {QStringLiteral("retries"), summary.retries},
                             {QStringLiteral("cancelled"), summary.cancelled},
                             {QStringLiteral("orderComplete"), summary.orderComplete},
                             {QStringLiteral("slotsStopped"), summary.slotsStopped},
                             {QStringLiteral("slotsEmpty"), summary.slotsEmpty},
                             {QStringLiteral("alarms"), alarmsOf(outcome)},
                             {QStringLiteral("elapsedMs"), summary.elapsedMs}};
    if (const auto shortfall = app::runShortfall(summary, count))
        return fellShort(context, text, result, *shortfall);
    return succeed(context, text, result);
}

int runRun(const Invocation& call) {
    const Context& context = call.context();
    if (call.isSet(kSim) == call.isSet(kProbes)) // checked before the station opens
        return usage(
            context, call.command(),
            QStringLiteral("use either --sim (the simulated line) or --probes SERIAL,..."));
    if (call.isSet(kProbes) && call.text(kProbes).split(u',', Qt::SkipEmptyParts).isEmpty())
        return usage(context, call.command(), QStringLiteral("--probes names no probe serial"));
    auto session = openAndLogIn(context);
    if (!session)
        return failWith(context, session.error());
    const QString orderId = call.orderId().text();
    const app::RunRequest request{session->principal, orderId, int(call.integer(kSlots)),
                                  int(call.integer(kCount)), rackFor(call)};
    ProgressPrinter progress(!context.json);
    const app::RunOutcome outcome =
        app::runOrder(*session->station, request, progress, installCancelOnSignal());
    for (const QString& alarm : outcome.unrecorded)
        std::fprintf(stderr, "kps: alarm not recorded: %s\n", alarm.toLocal8Bit().constData());
    if (outcome.failure)
        return failWith(context, *outcome.failure);
    return printed(context, orderId, outcome, request.count);
}

} // namespace

CommandSpec runCommand() {
    return {"run",
            "Run the line for an order (its alarms go to the supervisor's panel)",
            {{"",
              {kOrder},
              {&kSim, &kProbes, &kSlots, &kCount, &kFaultRate, &kFirstSocket},
              {},
              "",
              runRun}},
            false,
            "Use either --sim or --probes. A run first finishes what an interrupted one left in\n"
            "progress; Ctrl-C stops it after the endpoints in the sockets are recorded."};
}

} // namespace kps::cli
