// kps run: the line for one order (simulated jigs with --sim, probes with --probes).
#include "cli_context.hpp"
#include "kps/provisioning/probe_rack.hpp"
#include "kps/provisioning/simulated_rack.hpp"
#include "progress_printer.hpp"

#include <QDir>
#include <unistd.h>

namespace kps::cli {

using namespace provisioning;

namespace {

void addRunOptions(QCommandLineParser& parser) {
    parser.addOption({QStringLiteral("sim"), QStringLiteral("Use the simulated line.")});
    parser.addOption({QStringLiteral("probes"),
                      QStringLiteral("CMSIS-DAP probe serials, one per slot, comma-separated."),
                      QStringLiteral("SERIAL,...")});
    parser.addOption({QStringLiteral("slots"), QStringLiteral("Jigs in parallel."),
                      QStringLiteral("N"), QStringLiteral("4")});
    parser.addOption({QStringLiteral("count"), QStringLiteral("Endpoints to provision now."),
                      QStringLiteral("N"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("fault-rate"), QStringLiteral("Simulated jig faults (0..1)."),
                      QStringLiteral("R"), QStringLiteral("0")});
}

/// The simulated line of the station: its sockets survive a crash (DIR/sim/sockets);
/// a re-keying order gets the archived endpoints it lists brought back.
tl::expected<std::unique_ptr<JigRack>, app::CommandError>
simulatedRack(Station& station, const OrderRecord& record, int slots, double faultRate) {
    const QDir sim(station.paths().simulatedLine());
    SimulatedRackOptions options{slots, sim.path(),
                                 quint64(QDateTime::currentMSecsSinceEpoch()) ^
                                     (quint64(::getpid()) << 40),
                                 faultRate, sim.filePath(QStringLiteral("sockets"))};
    options.crashAt = qEnvironmentVariable("KPS_SIM_CRASH_AT"); // recovery tests only
    options.flashMs = qBound(0, qEnvironmentVariableIntValue("KPS_SIM_FLASH_MS"), 10000);
    if (record.order.rekeying()) {
        auto returned = endpointsToReturn(station.store(), record, sim.path());
        if (!returned)
            return tl::unexpected(app::fromError(returned.error()));
        options.returned = *returned;
        options.onlyReturned = true;
    }
    auto profile = station.profile(record.order.profile); // its target: the line's endpoints
    if (!profile)
        return tl::unexpected(app::fromError(profile.error()));
    auto rack = makeSimulatedRackFor(profile->target, options);
    if (!rack)
        return tl::unexpected(app::fromError(rack.error()));
    return std::move(*rack);
}

/// The jigs for `kps run`: the simulated line (--sim) or the probes named by --probes.
tl::expected<std::unique_ptr<JigRack>, app::CommandError> rackFor(const QCommandLineParser& parser,
                                                                  Station& station,
                                                                  const OrderRecord& record,
                                                                  int slotCount) {
    if (parser.isSet(QStringLiteral("sim")))
        return simulatedRack(station, record, slotCount,
                             parser.value(QStringLiteral("fault-rate")).toDouble());
    if (!parser.isSet(QStringLiteral("probes")))
        return tl::unexpected(app::CommandError{
            app::Refused,
            QStringLiteral("no jigs: name the probes with --probes SERIAL,... (see `kps probes`) "
                           "or use --sim for the simulated line")});
    auto profile = station.profile(record.order.profile);
    if (!profile)
        return tl::unexpected(app::fromError(profile.error()));
    auto rack = makeProbeRack(
        {parser.value(QStringLiteral("probes")).split(u',', Qt::SkipEmptyParts), profile->target});
    if (!rack)
        return tl::unexpected(app::fromError(rack.error()));
    return std::move(*rack);
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

} // namespace

int runRun(const Context& context) {
    QCommandLineParser parser;
    addRunOptions(parser);
    if (!parseArguments(
            parser, context, 1,
            QStringLiteral("run ORDER [--sim | --probes SERIAL,...] [--slots N] [--count N]")))
        return app::Usage;
    int slotCount = parser.value(QStringLiteral("slots")).toInt();
    if (slotCount < 1 || slotCount > 64)
        return usage(context, QStringLiteral("--slots takes 1 to 64"));
    if (parser.isSet(QStringLiteral("sim")) && parser.isSet(QStringLiteral("probes")))
        return usage(context, QStringLiteral("use either --sim or --probes"));
    auto session = openAndLogIn(context);
    if (!session)
        return failWith(context, session.error());
    auto& station = session->station;
    const QString orderId = parser.positionalArguments().first();
    auto record = station->order(orderId);
    if (!record)
        return failWith(context, app::fromError(record.error()));
    const int count = parser.value(QStringLiteral("count")).toInt();
    auto rack = rackFor(parser, *station, *record, slotCount);
    if (!rack)
        return failWith(context, rack.error());
    slotCount = (*rack)->slotCount();
    const int target = count > 0 ? count : int(record->order.quantity - record->verified);
    ProgressPrinter progress(target, !context.json);
    RunOptions options;
    options.slotCount = slotCount;
    options.count = count;
    auto summary = station->run(session->principal, orderId, options, **rack, progress,
                                installCancelOnSignal());
    if (!summary)
        return failWith(context, app::fromError(summary.error()));
    if (summary->stoppedBy)
        return failWith(context, app::fromError(*summary->stoppedBy));
    return succeed(context,
                   QStringLiteral("%1: %2 verified, %3 failed in %4 s%5")
                       .arg(orderId)
                       .arg(summary->verified)
                       .arg(summary->failed)
                       .arg(double(summary->elapsedMs) / 1000.0, 0, 'f', 1)
                       .arg(ending(*summary)),
                   {{QStringLiteral("order"), orderId},
                    {QStringLiteral("verified"), summary->verified},
                    {QStringLiteral("failed"), summary->failed},
                    {QStringLiteral("recovered"), summary->recovered},
                    {QStringLiteral("interrupted"), summary->interrupted},
                    {QStringLiteral("retries"), summary->retries},
                    {QStringLiteral("cancelled"), summary->cancelled},
                    {QStringLiteral("orderComplete"), summary->orderComplete},
                    {QStringLiteral("elapsedMs"), summary->elapsedMs}});
}

} // namespace kps::cli
