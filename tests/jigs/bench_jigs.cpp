// kps-bench-jigs: USB round trips and time to provision one endpoint (attach, erase
// + program + read back the key store, lock), with the station's client and with
// OpenOCD 0.12 doing the same job through the same simulated probe under umockdev.
// Prints one figure per line: "name value [unit]". See docs/jigs.md.
#include "kps/jigs/libusb_transport.hpp"
#include "kps/jigs/probe_jig.hpp"
#include "kps/usbsim/usb_probe_testbed.hpp"
#include "sim_fixture.hpp"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <cstdio>

using namespace kps;
using namespace kps::jigs;

namespace {

constexpr int kUsbEndpoints = 40;
constexpr int kOpenocdRuns = 5;
double oursRoundTrips = 1; // measured over USB, per endpoint

void figure(const char* name, double value, const char* unit = "") {
    std::printf("%s %.3f%s%s\n", name, value, *unit ? " " : "", unit);
    std::fflush(stdout);
}

/// The fewest command packets for one endpoint: DAP_Connect, DAP_SWJ_Sequence, one
/// DAP_Transfer for attach (its answer is needed before keys are made), the packets
/// that carry the record out and back (verify before lock), one for the lock, and
/// DAP_Disconnect. One DAP command per packet.
std::size_t minimumRoundTrips(std::size_t recordBytes, std::size_t packetSize) {
    const std::size_t out = (recordBytes + 5 + packetSize - 1) / packetSize; // TransferBlock
    const std::size_t back = (recordBytes + 4 + packetSize - 1) / packetSize;
    return 2 + 1 + std::max(out, back) + 1 + 1;
}

struct JobResult {
    bool ok = false;
    std::uint64_t roundTrips = 0;
    double microseconds = 0;
};

JobResult provisionOne(ProbeJig& jig, std::span<const std::uint8_t> record) {
    const std::uint64_t before = jig.transport().roundTrips();
    QElapsedTimer clock;
    clock.start();
    std::vector<std::uint8_t> back(record.size());
    bool ok = jig.attach() && jig.writeKeyStore(record) && jig.readKeyStore(back) &&
              back == std::vector<std::uint8_t>(record.begin(), record.end()) && jig.lockAndReset();
    jig.detach();
    return {ok, jig.transport().roundTrips() - before, double(clock.nsecsElapsed()) / 1000.0};
}

void benchInProcess(std::uint16_t packetSize, const std::vector<std::uint8_t>& record) {
    sim::SimulatedProbe probe(test::probeIdentity(packetSize), referenceTarget());
    ProbeJig jig(std::make_unique<sim::InProcessTransport>(probe), referenceTarget());
    const int count = 1000;
    std::uint64_t trips = 0;
    double micros = 0;
    for (int i = 0; i < count; ++i) {
        probe.insert(test::blankEndpoint(std::uint8_t(i)));
        const auto result = provisionOne(jig, record);
        if (!result.ok)
            qFatal("in-process provisioning failed");
        if (i > 0) { // the first one also opens the probe session
            trips += result.roundTrips;
            micros += result.microseconds;
        }
    }
    const std::string prefix = "inprocess-p" + std::to_string(packetSize) + "-";
    figure((prefix + "round-trips-per-endpoint").c_str(), double(trips) / (count - 1));
    figure((prefix + "minimum-round-trips").c_str(),
           double(minimumRoundTrips(record.size(), packetSize)));
    figure((prefix + "round-trips-ratio").c_str(),
           double(trips) / (count - 1) / double(minimumRoundTrips(record.size(), packetSize)));
    figure((prefix + "us-per-endpoint").c_str(), micros / (count - 1), "us");
}

double benchUsb(sim::SimulatedProbe& probe, const std::shared_ptr<usb::Context>& context,
                const std::vector<std::uint8_t>& record) {
    auto transport = LibusbTransport::open(context, probe.identity().serial);
    if (!transport)
        qFatal("%s", transport.error().message().c_str());
    ProbeJig jig(std::move(*transport), referenceTarget());
    std::uint64_t trips = 0;
    double micros = 0;
    std::uint64_t sessionTrips = 0;
    for (int i = 0; i <= kUsbEndpoints; ++i) {
        probe.insert(test::blankEndpoint(std::uint8_t(i)));
        const auto result = provisionOne(jig, record);
        if (!result.ok)
            qFatal("USB provisioning failed");
        if (i == 0) {
            sessionTrips = result.roundTrips;
            continue;
        }
        trips += result.roundTrips;
        micros += result.microseconds;
    }
    oursRoundTrips = double(trips) / kUsbEndpoints;
    figure("usb-ours-round-trips-per-endpoint", oursRoundTrips);
    figure("usb-ours-round-trips-first-endpoint-incl-session-open", double(sessionTrips));
    figure("usb-ours-minimum-round-trips", double(minimumRoundTrips(record.size(), 512)));
    figure("usb-ours-round-trips-ratio",
           double(trips) / kUsbEndpoints / double(minimumRoundTrips(record.size(), 512)));
    figure("usb-ours-ms-per-endpoint", micros / kUsbEndpoints / 1000.0, "ms");
    return micros / kUsbEndpoints / 1000.0;
}

struct OpenocdRun {
    bool ok = false;
    std::uint64_t packets = 0;
    double jobMs = 0;
    double afterInitMs = 0;
    double wallMs = 0;
};

double echoedMicros(const QByteArray& output, const QByteArray& marker) {
    const int at = output.indexOf(marker + ' ');
    if (at < 0)
        return -1;
    const int from = at + int(marker.size()) + 1;
    return output.mid(from, output.indexOf('\n', from) - from).trimmed().toDouble();
}

OpenocdRun runOpenocd(sim::SimulatedProbe& probe, const QString& script, const QString& dir) {
    const QString config = QStringLiteral(KPS_SOURCE_DIR "/jigs/usbsim/openocd-sim.cfg");
    QProcess process;
    auto environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("KPS_PROBE_SERIAL"),
                       QString::fromStdString(probe.identity().serial));
    process.setProcessEnvironment(environment);
    process.setWorkingDirectory(dir);
    const std::uint64_t before = probe.packets();
    QElapsedTimer clock;
    clock.start();
    process.start(QStringLiteral("openocd"),
                  {QStringLiteral("-f"), config, QStringLiteral("-c"), script, QStringLiteral("-c"),
                   QStringLiteral("shutdown")});
    process.waitForFinished(60000);
    OpenocdRun run;
    run.wallMs = double(clock.nsecsElapsed()) / 1e6;
    run.packets = probe.packets() - before;
    const QByteArray output = process.readAllStandardError();
    run.jobMs = echoedMicros(output, "kps-job-us") / 1000.0;
    run.afterInitMs = echoedMicros(output, "kps-after-init-us") / 1000.0;
    run.ok = process.exitCode() == 0 && run.jobMs >= 0;
    return run;
}

void benchOpenocd(sim::SimulatedProbe& probe, const std::vector<std::uint8_t>& record,
                  double oursMs) {
    if (QStandardPaths::findExecutable(QStringLiteral("openocd")).isEmpty()) {
        std::printf("openocd-ms-per-endpoint unavailable (openocd not installed)\n");
        return;
    }
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("record.bin")));
    file.open(QIODevice::WriteOnly);
    file.write(reinterpret_cast<const char*>(record.data()), qsizetype(record.size()));
    file.close();
    const QString tcl = QStringLiteral(KPS_SOURCE_DIR "/jigs/usbsim/openocd-provision.tcl");
    const QString initOnly = QStringLiteral("source %1; init; echo \"kps-job-us 0\"").arg(tcl);
    const QString job =
        QStringLiteral("source %1; set t0 [clock microseconds]; init; set t1 [clock microseconds]; "
                       "kps_attach; kps_program record.bin back.bin %2; kps_lock; "
                       "set t2 [clock microseconds]; echo \"kps-job-us [expr {$t2 - $t0}]\"; "
                       "echo \"kps-after-init-us [expr {$t2 - $t1}]\"")
            .arg(tcl)
            .arg(record.size());
    std::vector<double> jobMs, afterInitMs, wallMs;
    std::uint64_t jobPackets = 0, initPackets = 0;
    for (int i = 0; i < kOpenocdRuns; ++i) {
        probe.insert(test::blankEndpoint(std::uint8_t(200 + i)));
        const OpenocdRun baseline = runOpenocd(probe, initOnly, dir.path());
        const OpenocdRun run = runOpenocd(probe, job, dir.path());
        if (!baseline.ok || !run.ok || !probe.endpoint()->locked())
            qFatal("OpenOCD did not provision the endpoint");
        jobMs.push_back(run.jobMs);
        afterInitMs.push_back(run.afterInitMs);
        wallMs.push_back(run.wallMs);
        jobPackets = run.packets;
        initPackets = baseline.packets;
    }
    auto median = [](std::vector<double> values) {
        std::sort(values.begin(), values.end());
        return values[values.size() / 2];
    };
    figure("usb-openocd-round-trips-per-endpoint", double(jobPackets));
    figure("usb-openocd-round-trips-init-and-shutdown-alone", double(initPackets));
    figure("usb-openocd-round-trips-after-init", double(jobPackets - initPackets));
    figure("usb-openocd-ms-per-endpoint", median(jobMs), "ms");
    figure("usb-openocd-ms-per-endpoint-after-init", median(afterInitMs), "ms");
    figure("usb-openocd-ms-per-endpoint-with-process-start", median(wallMs), "ms");
    figure("usb-round-trips-openocd-vs-ours", double(jobPackets) / oursRoundTrips, "x");
    figure("usb-speedup-ours-vs-openocd", median(jobMs) / oursMs, "x");
    figure("usb-speedup-ours-vs-openocd-after-init", median(afterInitMs) / oursMs, "x");
}

} // namespace

int main(int argc, char** argv) {
    usbsim::UsbProbeTestbed::ensureMockEnvironment(argc, argv);
    QCoreApplication application(argc, argv);
    const auto record = test::sampleRecord();
    figure("record-bytes", double(record.size()));
    benchInProcess(512, record);
    benchInProcess(64, record);
    usbsim::UsbProbeTestbed testbed;
    sim::ProbeIdentity identity;
    identity.serial = "KPS-BENCH-1";
    sim::SimulatedProbe probe(identity, referenceTarget());
    testbed.plug(probe);
    auto context = usb::Context::create();
    if (!context)
        qFatal("%s", context.error().message().c_str());
    const double oursMs = benchUsb(probe, *context, record);
    benchOpenocd(probe, record, oursMs);
    return 0;
}
