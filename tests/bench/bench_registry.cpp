// kps-bench-registry: throughput of one order on a shared registry, 1 station against
// N stations (separate `kps run` processes, 4 simulated slots each, one PostgreSQL
// database, one SoftHSM2 token). Wall time from starting the processes until the last
// one ends. One figure per line:
//   <name> <value> <unit>
// Usage: kps-bench-registry [--quantity 1000] [--stations 4] [--slots 4] [--flash-ms 0,30]
// --flash-ms: wall time each simulated key-store write takes (a real flash page erase +
// program); 0 measures the station alone, more is the factory case where jigs bound it.
// The PostgreSQL server comes from KPS_TEST_PG_* (scripts/pg-cluster.sh, see
// scripts/test.sh); KPS_CLI names the kps binary.
#include "registry_line.hpp"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>
#include <cstdio>

using namespace kps;

namespace {

struct Settings {
    int quantity = 1000;
    int stations = 4;
    int slots = 4;
    QList<int> flashMs{0, 30};
};

Settings parse(const QStringList& arguments) {
    Settings settings;
    for (qsizetype i = 1; i + 1 < arguments.size(); i += 2) {
        const QString& name = arguments[i];
        const QString& value = arguments[i + 1];
        if (name == QLatin1String("--quantity"))
            settings.quantity = value.toInt();
        else if (name == QLatin1String("--stations"))
            settings.stations = value.toInt();
        else if (name == QLatin1String("--slots"))
            settings.slots = value.toInt();
        else if (name == QLatin1String("--flash-ms")) {
            settings.flashMs.clear();
            for (const QString& part : value.split(u','))
                settings.flashMs << part.toInt();
        }
    }
    return settings;
}

/// Endpoints per second of `stations` processes on one fresh registry and order.
double measure(const test::PgServer& server, const Settings& settings, int stations, int flashMs) {
    test::ScratchDatabase database(server, QStringLiteral("bench"));
    test::RegistryLine line(server, database.name(), stations);
    test::OrderSpec spec;
    spec.id = QStringLiteral("PO-BENCH-REGISTRY");
    spec.quantity = settings.quantity;
    line.addStartedOrder(spec);
    QElapsedTimer clock;
    clock.start();
    std::vector<std::unique_ptr<QProcess>> runs;
    for (int n = 1; n <= stations; ++n)
        runs.push_back(line.startRun(n, spec.id, settings.slots, flashMs));
    for (auto& run : runs)
        if (!run->waitForFinished(900000) || run->exitCode() != 0)
            qFatal("kps run failed: %s", run->readAllStandardError().constData());
    const double seconds = double(clock.nsecsElapsed()) / 1e9;
    test::PgConnection db(server, database.name());
    const qint64 verified = db.scalar(
        QStringLiteral("SELECT COUNT(*) FROM endpoints WHERE order_id = ? AND state = 'verified'"),
        {spec.id});
    if (verified != settings.quantity)
        qFatal("%lld verified instead of %d", verified, settings.quantity);
    return double(settings.quantity) / seconds;
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication application(argc, argv);
    const Settings settings = parse(application.arguments());
    const auto server = test::PgServer::fromEnvironment();
    if (!server) {
        std::fprintf(stderr, "%s\n", test::kNoServer);
        return 1;
    }
    std::printf("cpus %d\n", QThread::idealThreadCount());
    for (int flashMs : settings.flashMs) {
        const double one = measure(*server, settings, 1, flashMs);
        const double many = measure(*server, settings, settings.stations, flashMs);
        std::printf("flash-%dms-1-station %.1f endpoints/s\n", flashMs, one);
        std::printf("flash-%dms-%d-stations %.1f endpoints/s\n", flashMs, settings.stations, many);
        std::printf("flash-%dms-speedup %.2f x\n", flashMs, many / one);
        std::fflush(stdout);
    }
    return 0;
}
