// Event-loop latency of kps-station while a 1,000-endpoint simulated batch runs through
// its RunOrderCommand, with the whole window shown (offscreen) and every tile updating.
// Two probes on the GUI thread: a 4 ms precise timer (how late each tick fires) and a
// posted event every 4 ms (how long it waits in the queue). Prints one figure per line;
// asserts only that the batch completed (the machine may be shared).
#include "command_runner.hpp"
#include "station_fixture.hpp"
#include "ui/main_window.hpp"

#include <QElapsedTimer>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <ctime>

using namespace kps;

namespace {

struct Probe {
    std::vector<double> timerLateMs, postedDelayMs;
    QElapsedTimer clock;
    qint64 lastTickNs = 0;
    static constexpr int kIntervalMs = 4;

    void tick() {
        const qint64 now = clock.nsecsElapsed();
        if (lastTickNs > 0)
            timerLateMs.push_back(
                std::max(0.0, double(now - lastTickNs) / 1e6 - double(kIntervalMs)));
        lastTickNs = now;
    }
    void post(QObject* context) {
        const qint64 sent = clock.nsecsElapsed();
        QMetaObject::invokeMethod(
            context,
            [this, sent] { postedDelayMs.push_back(double(clock.nsecsElapsed() - sent) / 1e6); },
            Qt::QueuedConnection);
    }
};

double percentile(std::vector<double> values, double share) {
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, std::size_t(share * double(values.size())))];
}

void print(const char* name, double value) {
    std::printf("%s %.2f\n", name, value);
}

/// CPU time of the calling thread (the GUI thread's own work, whatever the machine's load).
double threadCpuMs() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

} // namespace

class BenchGuiLatency : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void latencyDuringABatch() {
        test::StationFixture fixture;
        QVERIFY(fixture.station->orders().add(
            fixture.login(QStringLiteral("supervisor")),
            fixture.writeOrder({QStringLiteral("PO-BENCH-0001"), QStringLiteral("manuf"), 1000})));
        QVERIFY(test::releaseToLine(*fixture.station, fixture.login(QStringLiteral("supervisor")),
                                    QStringLiteral("PO-BENCH-0001")));
        app::StationHost host(*fixture.station);
        station::MainWindow window(host, {{true, 4, 0.0, 1, {}}, {}});
        window.show();
        window.session().logIn(fixture.login(QStringLiteral("operator")));
        Probe probe;
        probe.clock.start();
        QTimer timer, poster;
        timer.setTimerType(Qt::PreciseTimer);
        poster.setTimerType(Qt::PreciseTimer);
        connect(&timer, &QTimer::timeout, this, [&] { probe.tick(); });
        connect(&poster, &QTimer::timeout, this, [&] { probe.post(this); });
        std::size_t slotSignals = 0;
        connect(&window.line(), &station::LineController::started, this,
                [&](app::RunOrderCommand* command) {
                    connect(command, &app::RunOrderCommand::slotStep, this, [&] { ++slotSignals; });
                });
        QElapsedTimer batch;
        batch.start();
        const double cpuBefore = threadCpuMs();
        QVERIFY(window.line().start(QStringLiteral("PO-BENCH-0001")));
        timer.start(Probe::kIntervalMs);
        poster.start(Probe::kIntervalMs);
        QTRY_VERIFY_WITH_TIMEOUT(!window.line().running(), 300000);
        const double seconds = double(batch.elapsed()) / 1000.0;
        const double guiCpuMs = threadCpuMs() - cpuBefore;
        timer.stop();
        poster.stop();
        QCoreApplication::processEvents();
        QCOMPARE(window.line().model().verified(), 1000);
        print("batch_endpoints", double(window.line().model().verified()));
        print("batch_seconds", seconds);
        print("gui_signals_per_second", double(slotSignals) / seconds);
        print("timer_late_max_ms",
              *std::max_element(probe.timerLateMs.begin(), probe.timerLateMs.end()));
        print("timer_late_p99_ms", percentile(probe.timerLateMs, 0.99));
        print("posted_event_max_ms",
              *std::max_element(probe.postedDelayMs.begin(), probe.postedDelayMs.end()));
        print("posted_event_p99_ms", percentile(probe.postedDelayMs, 0.99));
        print("probe_samples", double(probe.timerLateMs.size()));
        print("gui_thread_cpu_share", guiCpuMs / (seconds * 1000.0));
    }
};

QTEST_MAIN(BenchGuiLatency)
#include "bench_gui_latency.moc"
