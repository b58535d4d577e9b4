// kps init, kps order add, kps run.
#include "cli_context.hpp"
#include "kps/provisioning/probe_rack.hpp"
#include "kps/provisioning/simulated_rack.hpp"
#include "kps/provisioning/station.hpp"
#include "progress_printer.hpp"

#include <QDir>

namespace kps::cli {

using namespace provisioning;

int runInit(const Context& context) {
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("name"), QStringLiteral("Station name."),
                      QStringLiteral("NAME"), QStringLiteral("station-01")});
    parser.addOption({QStringLiteral("module"),
                      QStringLiteral("PKCS#11 module (default SoftHSM2)."),
                      QStringLiteral("PATH")});
    parser.addOption({QStringLiteral("token"), QStringLiteral("Token label."),
                      QStringLiteral("LABEL"), QStringLiteral("kps-station")});
    parser.addOption({QStringLiteral("uri"),
                      QStringLiteral("An initialised token, by RFC 7512 PKCS#11 URI (its user PIN "
                                     "from KPS_USER_PIN(_FILE))."),
                      QStringLiteral("URI")});
    if (!parseArguments(
            parser, context, 0,
            QStringLiteral("init [--name NAME] [--module PATH] [--token LABEL | --uri URI]")))
        return app::Usage;
    InitOptions options{context.dataDirectory, parser.value(QStringLiteral("name")),
                        parser.value(QStringLiteral("module")),
                        parser.value(QStringLiteral("token")), app::currentActor()};
    options.tokenUri = parser.value(QStringLiteral("uri"));
    if (auto made = Station::initialize(options); !made)
        return failWith(context, app::fromError(made.error()));
    const QString root = QDir(context.dataDirectory).absolutePath();
    return succeed(
        context,
        QStringLiteral("Station %1 initialised in %2; certificates in %2/public")
            .arg(options.stationName, root),
        {{QStringLiteral("station"), options.stationName}, {QStringLiteral("data"), root}});
}

int runOrder(const Context& context) {
    QCommandLineParser parser;
    if (!parseArguments(parser, context, 2, QStringLiteral("order add ORDER.json")))
        return app::Usage;
    if (parser.positionalArguments().first() != QLatin1String("add"))
        return usage(context, QStringLiteral("usage: kps order add ORDER.json"));
    auto session = openAndLogIn(context);
    if (!session)
        return failWith(context, session.error());
    auto& station = session->station;
    auto record = station->addOrder(session->principal, parser.positionalArguments().at(1));
    if (!record)
        return failWith(context, app::fromError(record.error()));
    return succeed(context,
                   QStringLiteral("Order %1 registered: %2 endpoints, key source %3, first address "
                                  "%4; KEK check values %5 / %6")
                       .arg(record->order.id)
                       .arg(record->order.quantity)
                       .arg(keySourceName(record->order.keySource), record->order.first.text(),
                            record->customerKek.kcv, record->headendKek.kcv),
                   {{QStringLiteral("order"), record->order.id},
                    {QStringLiteral("quantity"), record->order.quantity},
                    {QStringLiteral("customerKekKcv"), record->customerKek.kcv},
                    {QStringLiteral("headendKekKcv"), record->headendKek.kcv}});
}

namespace {

/// The jigs for `kps run`: the simulated line (--sim) or the probes named by --probes.
tl::expected<std::unique_ptr<JigRack>, app::CommandError> rackFor(const QCommandLineParser& parser,
                                                                  Station& station,
                                                                  const OrderRecord& record,
                                                                  int slotCount) {
    if (parser.isSet(QStringLiteral("sim")))
        return makeSimulatedRack({slotCount, station.paths().simulatedLine(),
                                  quint64(QDateTime::currentMSecsSinceEpoch()),
                                  parser.value(QStringLiteral("fault-rate")).toDouble()});
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

} // namespace

int runRun(const Context& context) {
    QCommandLineParser parser;
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
    auto rack = rackFor(parser, *station, *record, slotCount);
    if (!rack)
        return failWith(context, rack.error());
    slotCount = (*rack)->slotCount();
    const int count = parser.value(QStringLiteral("count")).toInt();
    const int target = count > 0 ? count : int(record->order.quantity - record->verified);
    ProgressPrinter progress(target, !context.json);
    auto summary = station->run(session->principal, orderId, {slotCount, count, 5, {}}, **rack,
                                progress, installCancelOnSignal());
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
                       .arg(summary->cancelled       ? QStringLiteral(" (cancelled)")
                            : summary->orderComplete ? QStringLiteral(" (order complete)")
                                                     : QString()),
                   {{QStringLiteral("order"), orderId},
                    {QStringLiteral("verified"), summary->verified},
                    {QStringLiteral("failed"), summary->failed},
                    {QStringLiteral("cancelled"), summary->cancelled},
                    {QStringLiteral("orderComplete"), summary->orderComplete},
                    {QStringLiteral("elapsedMs"), summary->elapsedMs}});
}

} // namespace kps::cli
