// kps-bench-firmware, OpenOCD's side: OpenOCD 0.12's own STM32WL support
// (target/stm32wlx.cfg: a cortex_m target, the stm32l4x flash driver with its flash
// loader and its CRC check on the core) runs the same pass through the same simulated
// probe under umockdev: `program IMAGE 0x08000000 verify`, the key store with `flash
// write_image erase` and `verify_image`, RDP level 1 with `stm32l4x lock` and
// `stm32l4x option_load` (the reset that loads it).
#include "firmware_bench.hpp"
#include "kps/mcuemu/stm32wl_mcu.hpp"
#include "timed_endpoint.hpp"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <algorithm>

namespace kps::test {

namespace {

const char* kConfig = "adapter driver cmsis-dap\n"
                      "cmsis_dap_backend usb_bulk\n"
                      "adapter serial $::env(KPS_PROBE_SERIAL)\n"
                      "transport select swd\n"
                      "source [find target/stm32wlx.cfg]\n"
                      "gdb_port disabled\ntcl_port disabled\ntelnet_port disabled\n";

struct OpenocdRun {
    bool ok = false;
    std::uint64_t packets = 0;
    double jobMs = -1;
    double withInitMs = -1;
};

double echoedMicros(const QByteArray& output, const QByteArray& marker) {
    const qsizetype at = output.indexOf(marker + ' ');
    if (at < 0)
        return -1;
    const qsizetype from = at + marker.size() + 1;
    return output.mid(from, output.indexOf('\n', from) - from).trimmed().toDouble();
}

OpenocdRun runOpenocd(jigs::sim::SimulatedProbe& probe, const QString& dir,
                      const QString& commands) {
    QProcess process;
    auto environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("KPS_PROBE_SERIAL"),
                       QString::fromStdString(probe.identity().serial));
    process.setProcessEnvironment(environment);
    process.setWorkingDirectory(dir);
    const std::uint64_t before = probe.packets();
    process.start(QStringLiteral("openocd"),
                  {QStringLiteral("-f"), QStringLiteral("bench.cfg"), QStringLiteral("-c"),
                   commands, QStringLiteral("-c"), QStringLiteral("shutdown")});
    process.waitForFinished(300000);
    const QByteArray output = process.readAllStandardError();
    OpenocdRun run;
    run.packets = probe.packets() - before;
    run.jobMs = echoedMicros(output, "kps-job-us") / 1000.0;
    run.withInitMs = echoedMicros(output, "kps-with-init-us") / 1000.0;
    run.ok = process.exitCode() == 0 && run.jobMs >= 0;
    if (!run.ok)
        std::fprintf(stderr, "%s\n", output.right(2000).constData());
    return run;
}

void writeFile(const QString& path, const std::vector<std::uint8_t>& bytes) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    file.write(reinterpret_cast<const char*>(bytes.data()), qsizetype(bytes.size()));
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

} // namespace

void benchOpenocd(jigs::sim::SimulatedProbe& probe, const std::vector<std::uint8_t>& image,
                  const std::vector<std::uint8_t>& record, int runs, const PassTotals& ours) {
    if (QStandardPaths::findExecutable(QStringLiteral("openocd")).isEmpty()) {
        std::printf("usb-openocd-ms-per-endpoint unavailable (openocd not installed)\n");
        return;
    }
    QTemporaryDir dir;
    writeFile(dir.filePath(QStringLiteral("image.bin")), image);
    writeFile(dir.filePath(QStringLiteral("record.bin")), record);
    QFile config(dir.filePath(QStringLiteral("bench.cfg")));
    config.open(QIODevice::WriteOnly);
    config.write(kConfig);
    config.close();
    const QString job = QStringLiteral(
        "set t0 [clock microseconds]; init; set t1 [clock microseconds]; "
        "program image.bin 0x08000000 verify; "
        "flash write_image erase record.bin 0x0803F800; verify_image record.bin 0x0803F800; "
        "stm32l4x lock 0; stm32l4x option_load 0; set t2 [clock microseconds]; "
        "echo \"kps-job-us [expr {$t2 - $t1}]\"; echo \"kps-with-init-us [expr {$t2 - $t0}]\"");
    const QString initOnly = QStringLiteral("init; echo \"kps-job-us 0\"");
    std::vector<double> jobMs, withInitMs;
    std::uint64_t jobPackets = 0, initPackets = 0;
    for (int i = 0; i < runs; ++i) {
        mcuemu::Stm32wlOptions options;
        options.uniqueId = {std::uint8_t(0xC0 + i), 0x0C, 0xD0, 0, 1, 2, 3, 4, 5, 6, 7, 8};
        auto endpoint = TimedEndpoint::emulate(std::move(options));
        endpoint->realTime(); // its flash loader runs while OpenOCD polls over USB
        auto& mcu = endpoint->mcu();
        probe.insert(std::move(endpoint));
        const OpenocdRun baseline = runOpenocd(probe, dir.path(), initOnly);
        const OpenocdRun run = runOpenocd(probe, dir.path(), job);
        const auto flash = mcu.flash();
        if (!baseline.ok || !run.ok || !mcu.locked() ||
            !std::equal(image.begin(), image.end(), flash.begin()))
            qFatal("OpenOCD did not program and lock the endpoint");
        probe.remove();
        jobMs.push_back(run.jobMs);
        withInitMs.push_back(run.withInitMs);
        jobPackets = run.packets;
        initPackets = baseline.packets;
    }
    const double oursRoundTrips = double(ours.roundTrips) / ours.passes;
    const double oursMs = ours.wallMs / ours.passes;
    figure("usb-openocd-round-trips-per-endpoint", double(jobPackets));
    figure("usb-openocd-round-trips-init-and-shutdown-alone", double(initPackets));
    figure("usb-openocd-round-trips-after-init", double(jobPackets - initPackets));
    figure("usb-openocd-ms-per-endpoint-after-init", median(jobMs), "ms");
    figure("usb-openocd-ms-per-endpoint-with-init", median(withInitMs), "ms");
    figure("usb-round-trips-openocd-vs-ours", double(jobPackets - initPackets) / oursRoundTrips,
           "x");
    figure("usb-speedup-ours-vs-openocd", median(jobMs) / oursMs, "x");
    figure("usb-speedup-ours-vs-openocd-with-init", median(withInitMs) / oursMs, "x");
}

} // namespace kps::test
