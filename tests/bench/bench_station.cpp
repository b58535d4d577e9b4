// kps-bench-station: the station's own cost per endpoint, side by side in one run with
// the bare PKCS#11 floor on the same token, and its limits (docs/performance.md).
//   P1  station overhead per endpoint (1 slot, zero-latency jigs: HSM derive + KCV +
//       wrap of every secret of amr-reference-v1, write-ahead and result rows, audit)
//       against kps-bench-p11-floor, alternating rounds; 1 vs 4 slots.
//   P2  the same at endpoint ~1,000 and ~1,000,000 of one order (rows pre-filled in
//       bulk between the two), and the token's object count before and after.
//   P5  8 slots of the simulated line with a simulated flash program time: slot
//       utilisation (busy / wall) and flash share (endpoints x flash time / wall).
// One figure per line: "name value unit". Options (defaults in parentheses):
//   --only p1,slots,p2,p5  --rounds 3  --count 2000 (per P1 run)  --p2-rows 1000000
//   --p2-window 1000  --p5-count 400  --p5-slots 8  --p5-flash-ms 40
// The station lives in a temporary directory under $TMPDIR (put it on a real disk).
#include "bench_prefill.hpp"
#include "bench_station_setup.hpp"
#include "kps/provisioning/simulated_rack.hpp"
#include "kps/provisioning/testing/station_internals.hpp"
#include "order_ids.hpp"
#include "slot_clock.hpp"
#include "zero_latency_rack.hpp"

#include <QCoreApplication>
#include <QProcess>
#include <algorithm>
#include <cstdio>
#include <sys/resource.h>

using namespace kps;

namespace {

struct Options {
    QStringList only{QStringLiteral("p1"), QStringLiteral("slots"), QStringLiteral("p2"),
                     QStringLiteral("p5")};
    int rounds = 3;
    int count = 2000;
    int p2Rows = 1'000'000;
    int p2Window = 1000;
    int p5Count = 400;
    int p5Slots = 8;
    int p5FlashMs = 40;
};

Options parse(const QStringList& arguments) {
    Options o;
    const auto number = [&](const char* name, int& value) {
        const qsizetype at = arguments.indexOf(QLatin1String(name));
        if (at >= 0 && at + 1 < arguments.size())
            value = arguments.at(at + 1).toInt();
    };
    if (const qsizetype at = arguments.indexOf(QStringLiteral("--only"));
        at >= 0 && at + 1 < arguments.size())
        o.only = arguments.at(at + 1).split(QLatin1Char(','));
    number("--rounds", o.rounds);
    number("--count", o.count);
    number("--p2-rows", o.p2Rows);
    number("--p2-window", o.p2Window);
    number("--p5-count", o.p5Count);
    number("--p5-slots", o.p5Slots);
    number("--p5-flash-ms", o.p5FlashMs);
    return o;
}

void figure(const QString& name, double value, const char* unit) {
    std::printf("%s %.4g %s\n", qPrintable(name), value, unit);
    std::fflush(stdout);
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n == 0 ? 0 : n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

double cpuMs() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto ms = [](const timeval& t) {
        return double(t.tv_sec) * 1e3 + double(t.tv_usec) / 1e3;
    };
    return ms(usage.ru_utime) + ms(usage.ru_stime);
}

struct RunFigures {
    double msPerEndpoint = 0;
    double cpuMsPerEndpoint = 0;
};

/// One run of the line on `rack`; stops the bench if anything but `count` verified.
RunFigures runLine(bench::BenchStation& bench, const QString& order, int slots, int count,
                   provisioning::JigRack& rack, bench::SlotClock& clock) {
    provisioning::RunOptions options;
    options.slotCount = slots;
    options.count = count;
    std::atomic<bool> cancel{false};
    const double cpuBefore = cpuMs();
    auto run = bench.station().line().run(bench.operatorOnShift(), test::orderId(order), options,
                                          rack, clock, cancel);
    if (!run || run->stoppedBy || run->verified != count)
        qFatal("run of %s stopped (%d verified): %s", qPrintable(order), run ? run->verified : 0,
               qPrintable(!run             ? run.error().message()
                          : run->stoppedBy ? run->stoppedBy->message()
                                           : clock.alarms().join(QLatin1Char(' '))));
    return {clock.msPerEndpoint(), (cpuMs() - cpuBefore) / count};
}

RunFigures runStation(bench::BenchStation& bench, const QString& order, int slots, int count) {
    static qint64 serials = 0;
    bench::ZeroLatencyRack rack(slots, serials);
    serials += 10'000'000;
    bench::SlotClock clock;
    return runLine(bench, order, slots, count, rack, clock);
}

/// kps-bench-p11-floor on the same token and the same order's keys: its ms per endpoint.
struct FloorFigures {
    double ms = 0;    // wall time per endpoint
    double cpuMs = 0; // CPU time per endpoint
};

/// kps-bench-p11-floor on the same token and the same order's keys. `lengthQueries`:
/// with a size query before each C_WrapKey and C_GetAttributeValue.
FloorFigures runFloor(const bench::TokenAccess& token, const QString& order, int count,
                      int sessions, bool lengthQueries = false) {
    QStringList arguments{QStringLiteral("--module"),   token.module,
                          QStringLiteral("--token"),    token.token,
                          QStringLiteral("--pin-file"), token.pinFile,
                          QStringLiteral("--order"),    order,
                          QStringLiteral("--count"),    QString::number(count),
                          QStringLiteral("--sessions"), QString::number(sessions)};
    if (lengthQueries)
        arguments << QStringLiteral("--length-queries");
    QProcess floor;
    floor.start(QCoreApplication::applicationDirPath() + QStringLiteral("/kps-bench-p11-floor"),
                arguments);
    if (!floor.waitForFinished(-1) || floor.exitCode() != 0)
        qFatal("the PKCS#11 floor failed: %s", floor.readAllStandardError().constData());
    FloorFigures figures;
    for (const QByteArray& line : floor.readAllStandardOutput().split('\n')) {
        const QList<QByteArray> parts = line.split(' ');
        if (parts.size() > 1 && parts[0] == "floor.ms_per_endpoint")
            figures.ms = parts[1].toDouble();
        if (parts.size() > 1 && parts[0] == "floor.cpu_ms_per_endpoint")
            figures.cpuMs = parts[1].toDouble();
    }
    if (figures.ms <= 0)
        qFatal("the PKCS#11 floor printed no figure");
    return figures;
}

} // namespace

namespace {

void benchP1(bench::BenchStation& bench, const Options& o) {
    const QString order = QStringLiteral("PO-BENCH-P1");
    const auto token = bench.tokenAccess();
    std::vector<double> floors, floorCpus, queries, stations, cpus, ratios, cpuRatios;
    for (int round = 0; round < o.rounds; ++round) {
        queries.push_back(runFloor(token, order, o.count, 1, true).ms);
        const FloorFigures floor = runFloor(token, order, o.count, 1);
        floors.push_back(floor.ms);
        floorCpus.push_back(floor.cpuMs);
        const RunFigures station = runStation(bench, order, 1, o.count);
        stations.push_back(station.msPerEndpoint);
        cpus.push_back(station.cpuMsPerEndpoint);
        ratios.push_back(station.msPerEndpoint / floor.ms);
        cpuRatios.push_back(station.cpuMsPerEndpoint / floor.cpuMs);
    }
    figure(QStringLiteral("p1.floor.ms_per_endpoint"), median(floors), "ms");
    figure(QStringLiteral("p1.floor.cpu_ms_per_endpoint"), median(floorCpus), "ms");
    figure(QStringLiteral("p1.floor_with_length_queries.ms_per_endpoint"), median(queries), "ms");
    figure(QStringLiteral("p1.station.ms_per_endpoint"), median(stations), "ms");
    figure(QStringLiteral("p1.station.cpu_ms_per_endpoint"), median(cpus), "ms");
    figure(QStringLiteral("p1.ratio_station_to_floor"), median(ratios), "x");
    figure(QStringLiteral("p1.ratio_station_to_floor.min"),
           *std::min_element(ratios.begin(), ratios.end()), "x");
    figure(QStringLiteral("p1.ratio_station_to_floor.max"),
           *std::max_element(ratios.begin(), ratios.end()), "x");
    figure(QStringLiteral("p1.ratio_station_to_floor.cpu"), median(cpuRatios), "x");
}

void benchSlots(bench::BenchStation& bench, const Options& o) {
    const QString order = QStringLiteral("PO-BENCH-P1");
    const auto token = bench.tokenAccess();
    std::vector<double> one, four, ratios, floorRatios;
    for (int round = 0; round < o.rounds; ++round) {
        one.push_back(runStation(bench, order, 1, o.count).msPerEndpoint);
        four.push_back(runStation(bench, order, 4, o.count).msPerEndpoint);
        ratios.push_back(one.back() / four.back());
        floorRatios.push_back(runFloor(token, order, o.count, 1).ms /
                              runFloor(token, order, o.count, 4).ms);
    }
    figure(QStringLiteral("p1.slots1.ms_per_endpoint"), median(one), "ms");
    figure(QStringLiteral("p1.slots4.ms_per_endpoint"), median(four), "ms");
    figure(QStringLiteral("p1.throughput_ratio_4_to_1_slots"), median(ratios), "x");
    figure(QStringLiteral("p1.floor.throughput_ratio_4_to_1_sessions"), median(floorRatios), "x");
}

} // namespace

namespace {

struct Point {
    RunFigures station;
    double floor = 0;
};

/// `window` endpoints of the order measured next to the floor.
Point measureAt(bench::BenchStation& bench, const QString& order, int window) {
    const auto token = bench.tokenAccess();
    Point point;
    point.floor = runFloor(token, order, window, 1).ms;
    point.station = runStation(bench, order, 1, window);
    point.floor = (point.floor + runFloor(token, order, window, 1).ms) / 2;
    return point;
}

std::size_t objectCount(bench::BenchStation& bench) {
    auto count = kps::provisioning::StationInternals::vault(bench.station()).objectCount();
    if (!count)
        qFatal("object count: %s", qPrintable(count.error().message()));
    return *count;
}

void benchP2(bench::BenchStation& bench, const Options& o) {
    const QString order = QStringLiteral("PO-BENCH-P2");
    const qint64 firstId = 30'000'000;
    bench.addOrder(order, QString::number(firstId), o.p2Rows + o.p2Window * 4);
    const std::size_t objectsBefore = objectCount(bench);
    runStation(bench, order, 1, o.p2Window / 2); // endpoints 1 .. window/2
    const Point early = measureAt(bench, order, o.p2Window);
    const qint64 done = o.p2Window / 2 + o.p2Window;
    const qint64 fill = o.p2Rows - o.p2Window / 2 - done;
    QElapsedTimer clock;
    clock.start();
    if (fill > 0 &&
        !bench::prefillVerified(kps::provisioning::StationInternals::store(bench.station()), order,
                                firstId, done, fill))
        qFatal("prefill failed");
    figure(QStringLiteral("p2.prefill_rows"), double(fill), "endpoints");
    figure(QStringLiteral("p2.prefill_s"), double(clock.elapsed()) / 1e3, "s");
    const Point late = measureAt(bench, order, o.p2Window);
    const std::size_t objectsAfter = objectCount(bench);
    figure(QStringLiteral("p2.at1k.ms_per_endpoint"), early.station.msPerEndpoint, "ms");
    figure(QStringLiteral("p2.at1k.cpu_ms_per_endpoint"), early.station.cpuMsPerEndpoint, "ms");
    figure(QStringLiteral("p2.at1k.floor_ms_per_endpoint"), early.floor, "ms");
    figure(QStringLiteral("p2.at1m.ms_per_endpoint"), late.station.msPerEndpoint, "ms");
    figure(QStringLiteral("p2.at1m.cpu_ms_per_endpoint"), late.station.cpuMsPerEndpoint, "ms");
    figure(QStringLiteral("p2.at1m.floor_ms_per_endpoint"), late.floor, "ms");
    figure(QStringLiteral("p2.ratio_1m_to_1k"),
           late.station.msPerEndpoint / early.station.msPerEndpoint, "x");
    figure(QStringLiteral("p2.ratio_1m_to_1k.cpu"),
           late.station.cpuMsPerEndpoint / early.station.cpuMsPerEndpoint, "x");
    figure(QStringLiteral("p2.ratio_1m_to_1k.floor_normalised"),
           (late.station.msPerEndpoint / late.floor) / (early.station.msPerEndpoint / early.floor),
           "x");
    figure(QStringLiteral("p2.hsm_objects_before"), double(objectsBefore), "objects");
    figure(QStringLiteral("p2.hsm_objects_after"), double(objectsAfter), "objects");
}

void benchP5(bench::BenchStation& bench, const Options& o) {
    const QString order = QStringLiteral("PO-BENCH-P1");
    provisioning::SimulatedRackOptions line;
    line.slotCount = o.p5Slots;
    line.seed = 5;
    line.flashMs = o.p5FlashMs;
    auto rack = provisioning::makeSimulatedRack(line);
    bench::SlotClock clock;
    runLine(bench, order, o.p5Slots, o.p5Count, *rack, clock);
    const auto use = clock.utilisation(o.p5Slots, qint64(o.p5FlashMs) * 1'000'000);
    figure(QStringLiteral("p5.ms_per_endpoint"), clock.msPerEndpoint(), "ms");
    figure(QStringLiteral("p5.slot_utilisation.min"), use.busyShare * 100, "%");
    figure(QStringLiteral("p5.slot_utilisation.mean"), use.meanBusy * 100, "%");
    figure(QStringLiteral("p5.flash_share.min"), use.workShare * 100, "%");
    figure(QStringLiteral("p5.flash_share.mean"), use.meanWork * 100, "%");
}

} // namespace

int main(int argc, char* argv[]) {
    QCoreApplication application(argc, argv);
    const Options o = parse(application.arguments());
    bench::BenchStation bench;
    const auto wanted = [&](const char* part) {
        return o.only.contains(QLatin1String(part));
    };
    if (wanted("p1") || wanted("slots") || wanted("p5"))
        bench.addOrder(QStringLiteral("PO-BENCH-P1"), QStringLiteral("00010000"),
                       o.rounds * o.count * 4 + o.p5Count);
    if (wanted("p1"))
        benchP1(bench, o);
    if (wanted("slots"))
        benchSlots(bench, o);
    if (wanted("p5"))
        benchP5(bench, o);
    if (wanted("p2"))
        benchP2(bench, o);
    return 0;
}
