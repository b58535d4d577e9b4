// kps-bench-firmware: one endpoint's whole pass on an emulated STM32WLE5 - a 64 KiB
// firmware image, the key store and the lock - with the station's client (in process
// and over libusb through the simulated probe under umockdev) and with OpenOCD 0.12
// doing the same through the same probe (`program ... verify`, the key store with
// `flash write_image`, RDP level 1 with `stm32l4x lock` and `option_load`); then the
// same pass with the datasheet's flash times as a busy flag on a model of the line's
// time (timed_endpoint.hpp): how much of an endpoint's time the flash is busy.
// Prints one figure per line: "name value [unit]". See docs/performance.md.
//   --endpoints N        endpoints per figure (default 10)
//   --busy-endpoints N   endpoints with the datasheet's flash times (default 3)
//   --openocd-runs N     OpenOCD runs (default 3; 0: none)
#include "firmware_bench.hpp"
#include "kps/jigs/firmware_image.hpp"
#include "kps/jigs/flash_algorithm.hpp"
#include "kps/jigs/libusb_transport.hpp"
#include "kps/jigs/probe_jig.hpp"
#include "kps/jigs/sim/in_process_transport.hpp"
#include "kps/usbsim/usb_probe_testbed.hpp"
#include "timed_endpoint.hpp"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <cmath>

using namespace kps;
using namespace kps::jigs;
using test::figure;
using test::ModelClock;
using test::TimedEndpoint;

namespace {

constexpr std::size_t kImageBytes = 64 * 1024;
constexpr std::size_t kPacket = 512;

std::vector<std::uint8_t> imageBytes() {
    std::vector<std::uint8_t> bytes(kImageBytes);
    std::uint32_t x = 0x2545F491;
    for (auto& byte : bytes) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        byte = std::uint8_t(x);
    }
    return bytes;
}

std::vector<std::uint8_t> sampleRecord() {
    std::vector<std::uint8_t> record(96); // the key store's size; never decoded here
    for (std::size_t i = 0; i < record.size(); ++i)
        record[i] = std::uint8_t(0x5A ^ i);
    return record;
}

/// The fewest packets for the bytes a pass writes (image, algorithm, record) in
/// DAP_TransferBlock packets, plus DAP_Connect, DAP_SWJ_Sequence, the attach
/// transfer, the lock and DAP_Disconnect.
double minimumRoundTrips(std::size_t bytesWritten) {
    return 5.0 + std::ceil(double(bytesWritten) / double(kPacket - 8));
}

struct Pass {
    bool ok = false;
    std::uint64_t roundTrips = 0;
    double hostMs = 0, emulatorMs = 0, flashBusyMs = 0, modelMs = 0;
};

bool step(const auto& outcome) {
    if (!outcome)
        std::fprintf(stderr, "%s\n", outcome.error().message().c_str());
    return bool(outcome);
}

Pass onePass(ProbeJig& jig, TimedEndpoint& endpoint, const FirmwareImage& image,
             const ModelClock* model) {
    const auto record = sampleRecord();
    const std::uint64_t before = jig.transport().roundTrips();
    const auto flashBefore = endpoint.mcu().flashStatistics().chargedNanoseconds;
    const std::uint64_t modelBefore = model ? model->now : 0;
    endpoint.resetClock();
    QElapsedTimer clock;
    clock.start();
    std::vector<std::uint8_t> back(record.size());
    const bool ok = step(jig.attach()) && step(jig.programFirmware(image)) &&
                    step(jig.writeKeyStore(record)) && step(jig.readKeyStore(back)) &&
                    back == record && step(jig.lockAndReset());
    jig.detach();
    Pass pass;
    pass.ok = ok && endpoint.locked();
    pass.hostMs = double(clock.nsecsElapsed()) / 1e6;
    pass.roundTrips = jig.transport().roundTrips() - before;
    pass.emulatorMs = double(endpoint.nanoseconds()) / 1e6;
    pass.flashBusyMs =
        double(endpoint.mcu().flashStatistics().chargedNanoseconds - flashBefore) / 1e6;
    pass.modelMs = model ? double(model->now - modelBefore) / 1e6 : 0;
    return pass;
}

struct Totals {
    std::uint64_t roundTrips = 0;
    double hostMs = 0, emulatorMs = 0, flashBusyMs = 0, modelMs = 0;
    int passes = 0;
    void add(const Pass& pass) {
        roundTrips += pass.roundTrips;
        hostMs += pass.hostMs;
        emulatorMs += pass.emulatorMs;
        flashBusyMs += pass.flashBusyMs;
        modelMs += pass.modelMs;
        ++passes;
    }
};

/// `count` endpoints through `jig` (the first also opens the probe session and is not
/// counted). `realTime`: the core runs in the host's time too; with `model`, the
/// datasheet's flash times run on the model's clock.
Totals run(ProbeJig& jig, sim::SimulatedProbe& probe, const FirmwareImage& image, int count,
           bool realTime, ModelClock* model = nullptr) {
    Totals totals;
    for (int i = 0; i <= count; ++i) {
        mcuemu::Stm32wlOptions options;
        options.uniqueId = {std::uint8_t(i), 0xBE, 0x4C, 0, 1, 2, 3, 4, 5, 6, 7, 8};
        options.flashTimeScale = model ? 1.0 : 0.0;
        auto endpoint = TimedEndpoint::emulate(std::move(options), model);
        TimedEndpoint& timed = *endpoint;
        if (realTime)
            timed.realTime();
        probe.insert(std::move(endpoint));
        const Pass pass = onePass(jig, timed, image, model);
        if (!pass.ok)
            qFatal("endpoint %d was not programmed, keyed and locked", i);
        probe.remove();
        if (i > 0)
            totals.add(pass);
    }
    return totals;
}

void report(const std::string& prefix, const Totals& totals, double minimum) {
    const double n = totals.passes;
    figure(prefix + "round-trips-per-endpoint", double(totals.roundTrips) / n);
    figure(prefix + "minimum-round-trips", minimum);
    figure(prefix + "round-trips-ratio", double(totals.roundTrips) / n / minimum, "x");
    figure(prefix + "ms-per-endpoint", totals.hostMs / n, "ms");
    figure(prefix + "emulator-share", 100.0 * totals.emulatorMs / totals.hostMs, "%");
}

void benchModel(const FirmwareImage& image, int count) {
    ModelClock model;
    sim::SimulatedProbe probe(test::benchProbe("KPS-BENCH-MODEL"), stm32wle5Target());
    ProbeJig jig(std::make_unique<sim::InProcessTransport>(probe), stm32wle5Target());
    const Totals busy = run(jig, probe, image, count, false, &model);
    const double n = busy.passes;
    figure("model-swd-access-us", double(model.swdAccessNs) / 1000.0, "us");
    figure("model-usb-round-trip-us", double(model.usbRoundTripNs) / 1000.0, "us");
    figure("model-ms-per-endpoint", busy.modelMs / n, "ms");
    figure("model-flash-busy-ms-per-endpoint", busy.flashBusyMs / n, "ms");
    figure("model-flash-busy-share", 100.0 * busy.flashBusyMs / busy.modelMs, "%");
    figure("model-host-ms-per-endpoint", busy.hostMs / n, "ms");
    figure("model-emulator-share-of-host-time", 100.0 * busy.emulatorMs / busy.hostMs, "%");
}

} // namespace

int main(int argc, char** argv) {
    usbsim::UsbProbeTestbed::ensureMockEnvironment(argc, argv);
    QCoreApplication application(argc, argv);
    const QStringList arguments = application.arguments();
    auto option = [&](const QString& name, int fallback) {
        const qsizetype at = arguments.indexOf(name);
        return at >= 0 && at + 1 < arguments.size() ? arguments[at + 1].toInt() : fallback;
    };
    const int endpoints = option(QStringLiteral("--endpoints"), 10);
    const int busyEndpoints = option(QStringLiteral("--busy-endpoints"), 3);
    const int openocdRuns = option(QStringLiteral("--openocd-runs"), 3);

    const std::vector<std::uint8_t> bytes = imageBytes();
    const FirmwareImage image{"bench.bin", ImageFormat::IntelHex, {{0x08000000, bytes}}, {}};
    const auto algorithm = builtInFlashAlgorithm("stm32wl");
    if (!algorithm)
        qFatal("%s", algorithm.error().message().c_str());
    const double minimum =
        minimumRoundTrips(bytes.size() + algorithm->blob.size() + 16 + sampleRecord().size());
    figure("image-bytes", double(bytes.size()));
    {
        sim::SimulatedProbe probe(test::benchProbe("KPS-BENCH-IP"), stm32wle5Target());
        ProbeJig jig(std::make_unique<sim::InProcessTransport>(probe), stm32wle5Target());
        report("inprocess-", run(jig, probe, image, endpoints, false), minimum);
    }
    if (busyEndpoints > 0)
        benchModel(image, busyEndpoints);
    usbsim::UsbProbeTestbed testbed;
    sim::SimulatedProbe probe(test::benchProbe("KPS-BENCH-WL"), stm32wle5Target());
    testbed.plug(probe);
    auto context = usb::Context::create();
    if (!context)
        qFatal("%s", context.error().message().c_str());
    auto transport = LibusbTransport::open(*context, probe.identity().serial);
    if (!transport)
        qFatal("%s", transport.error().message().c_str());
    ProbeJig jig(std::move(*transport), stm32wle5Target());
    const Totals usb = run(jig, probe, image, endpoints, true); // as OpenOCD's below
    report("usb-ours-", usb, minimum);
    if (openocdRuns > 0)
        test::benchOpenocd(probe, bytes, sampleRecord(), openocdRuns,
                           {usb.roundTrips, usb.hostMs, usb.emulatorMs, 0, usb.passes});
    return 0;
}
