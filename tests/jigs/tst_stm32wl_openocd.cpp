// Conformance of the emulated STM32WLE5: OpenOCD 0.12's own STM32WL support
// (target/stm32wlx.cfg: a cortex_m target and the stm32l4x flash driver, which runs
// its flash loader and a CRC algorithm on the core) drives the simulated CMSIS-DAP
// probe as a USB device behind umockdev. It identifies the part, erases, writes and
// verifies an image, resets, halts and steps the core and sets readout protection;
// our own stack (libusb, DAP commands, ADIv5 MEM-AP) then reads back the bytes
// OpenOCD wrote, and is refused the flash once level 1 is in force.
#include "cli_runner.hpp"
#include "kps/jigs/adiv5.hpp"
#include "kps/jigs/dap_probe.hpp"
#include "kps/jigs/libusb_transport.hpp"
#include "kps/mcuemu/stm32wl_mcu.hpp"
#include "kps/usbsim/usb_probe_testbed.hpp"

#include <QCoreApplication>
#include <QFile>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace kps;
using namespace kps::jigs;

namespace {

const QString kConfig = QStringLiteral(KPS_SOURCE_DIR "/jigs/usbsim/openocd-stm32wl.cfg");
constexpr std::uint32_t kImageAddress = 0x08000000;
constexpr int kImageSize = 10 * 1024; // five pages

sim::ProbeIdentity identity() {
    sim::ProbeIdentity identity;
    identity.serial = "KPS-OCD-WL";
    return identity;
}

QByteArray readFile(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// The text OpenOCD echoed after `marker` on a line of its output.
QString echoed(const QByteArray& output, const QString& marker) {
    for (const QByteArray& line : output.split('\n')) {
        const int at = line.indexOf(marker.toLatin1());
        if (at >= 0)
            return QString::fromLatin1(line.mid(at + marker.size())).trimmed();
    }
    return {};
}

std::uint32_t hexValue(const QString& text) {
    return text.toUInt(nullptr, 16);
}

} // namespace

class TstStm32wlOpenocd : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        if (QStandardPaths::findExecutable(QStringLiteral("openocd")).isEmpty()) {
            if (qEnvironmentVariableIsSet("CI"))
                QFAIL("openocd is missing: scripts/install-deps.sh installs it");
            QSKIP("openocd is not installed");
        }
        QVERIFY(dir_.isValid());
        mcuemu::Stm32wlOptions options;
        options.uniqueId = {0x11, 0x22, 0x33, 0x44, 5, 6, 7, 8, 9, 10, 11, 12};
        auto mcu = mcuemu::Stm32wlMcu::create(stm32wle5Target(), options);
        QVERIFY(mcu);
        mcu_ = mcu->get();
        probe_.insert(std::move(*mcu));
        testbed_.plug(probe_);
        // The image: the endpoint application, then random bytes over five pages.
        image_ = readFile(QStringLiteral(KPS_ENDPOINT_APP_BIN));
        QVERIFY(!image_.isEmpty());
        QRandomGenerator generator(2024);
        while (image_.size() < kImageSize)
            image_.append(char(generator.bounded(256)));
        QFile file(path(QStringLiteral("image.bin")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(image_);
    }

    void programsVerifiesHaltsAndSteps() {
        const QString image = path(QStringLiteral("image.bin"));
        const auto result = openocd(
            {QStringLiteral("init"), QStringLiteral("reset init"),
             QStringLiteral("stm32l4x option_read 0 0x20"),
             QStringLiteral("flash write_image erase %1 0x08000000").arg(image),
             QStringLiteral("verify_image %1 0x08000000").arg(image),
             // EMPTY was latched at power-on with the flash blank: clear it, as after
             // programming a blank part without a power cycle, or the bootloader runs
             QStringLiteral("mww 0x58004000 0x00000600"), QStringLiteral("reset halt"),
             QStringLiteral("echo \"kps-reset-pc: [lindex [reg pc] 2]\""), QStringLiteral("step"),
             QStringLiteral("echo \"kps-step-pc: [lindex [reg pc] 2]\""), QStringLiteral("step"),
             QStringLiteral("echo \"kps-step2-pc: [lindex [reg pc] 2]\""), QStringLiteral("resume"),
             QStringLiteral("halt"),
             QStringLiteral("echo \"kps-state: [[target current] curstate]\"")});
        QVERIFY2(result.exitCode == 0, result.err.right(4000).constData());
        const QByteArray said = result.out + result.err;
        QVERIFY(said.contains("STM32WLE/WL5x"));
        QVERIFY(said.contains("flash size = 256 KiB"));
        QVERIFY(said.contains("verified 10240 bytes"));
        QVERIFY(said.contains("Option Register: <0x58004020> = 0x3ffff0aa")); // as delivered
        const std::uint32_t resetHandler = std::uint8_t(image_[4]) | std::uint8_t(image_[5]) << 8 |
                                           std::uint8_t(image_[6]) << 16 |
                                           std::uint32_t(std::uint8_t(image_[7])) << 24;
        const std::uint32_t resetPc = hexValue(echoed(result.err, QStringLiteral("kps-reset-pc:")));
        const std::uint32_t stepPc = hexValue(echoed(result.err, QStringLiteral("kps-step-pc:")));
        const std::uint32_t step2Pc = hexValue(echoed(result.err, QStringLiteral("kps-step2-pc:")));
        QCOMPARE(resetPc, resetHandler & ~1u);
        QVERIFY(stepPc > resetPc && stepPc <= resetPc + 4); // one instruction further
        QVERIFY(step2Pc > stepPc && step2Pc <= stepPc + 4);
        QCOMPARE(echoed(result.err, QStringLiteral("kps-state:")), QStringLiteral("halted"));
        QCOMPARE(mcu_->flashStatistics().pageErases, std::uint64_t(5));
        QCOMPARE(mcu_->flashStatistics().doubleWords, std::uint64_t(kImageSize / 8));
        QCOMPARE(readThroughOurStack(kImageAddress, kImageSize), image_);
    }

    void readoutProtectionThroughOpenocd() {
        const auto result =
            openocd({QStringLiteral("init"), QStringLiteral("reset halt"),
                     QStringLiteral("stm32l4x lock 0"), QStringLiteral("stm32l4x option_load 0")});
        QVERIFY(mcu_->locked());
        QCOMPARE(mcu_->readoutProtection(), mcuemu::ReadoutProtection::Level1);
        QVERIFY(readThroughOurStack(kImageAddress, 64).isEmpty()); // a bus error now
        const auto unlocked = openocd({QStringLiteral("init"), QStringLiteral("stm32l4x unlock 0"),
                                       QStringLiteral("stm32l4x option_load 0")});
        QVERIFY(!mcu_->locked());
        QCOMPARE(readThroughOurStack(kImageAddress, 64), QByteArray(64, char(0xFF))); // erased
        Q_UNUSED(result);
        Q_UNUSED(unlocked);
    }

private:
    QString path(const QString& name) const { return dir_.filePath(name); }

    test::ProcessResult openocd(const QStringList& commands) {
        QStringList arguments{QStringLiteral("-f"), kConfig};
        for (const QString& command : commands)
            arguments << QStringLiteral("-c") << command;
        arguments << QStringLiteral("-c") << QStringLiteral("shutdown");
        auto environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("KPS_PROBE_SERIAL"), QStringLiteral("KPS-OCD-WL"));
        return test::runProgram(QStringLiteral("openocd"), arguments, {}, environment, 120000);
    }

    /// Reads flash through libusb, DAP_Transfer(Block) and the MEM-AP; empty on failure.
    QByteArray readThroughOurStack(std::uint32_t address, int size) {
        auto context = usb::Context::create();
        if (!context)
            return {};
        auto transport = LibusbTransport::open(*context, "KPS-OCD-WL");
        if (!transport)
            return {};
        DapProbe dap(**transport);
        if (!dap.open(4'000'000) || !dap.connectSwd() || !dap.switchToSwd())
            return {};
        TransferQueue queue(dap);
        std::uint32_t dpidr = 0;
        adiv5::queueLinkUp(queue, 0, &dpidr);
        adiv5::MemAp ap(queue);
        std::vector<std::uint32_t> words(std::size_t(size) / 4);
        ap.readWords(address, words, "read back what OpenOCD wrote");
        const bool ok = bool(queue.flush());
        (void)dap.disconnect();
        if (!ok || dpidr != stm32wle5Target().dpidr)
            return {};
        return QByteArray(reinterpret_cast<const char*>(words.data()), size);
    }

    QTemporaryDir dir_;
    usbsim::UsbProbeTestbed testbed_;
    sim::SimulatedProbe probe_{identity(), stm32wle5Target()};
    mcuemu::Stm32wlMcu* mcu_ = nullptr;
    QByteArray image_;
};

int main(int argc, char** argv) {
    usbsim::UsbProbeTestbed::ensureMockEnvironment(argc, argv);
    QCoreApplication application(argc, argv);
    TstStm32wlOpenocd test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_stm32wl_openocd.moc"
