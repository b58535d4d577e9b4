// Conformance: OpenOCD 0.12 (an independent CMSIS-DAP host) drives the simulated
// probe as a USB device behind umockdev - cmsis-dap adapter, SWD, mem_ap target -
// and writes and reads memory: RAM through load_image/dump_image and 8/16/32-bit
// accesses (packed transfers), the unique ID, and the key-store flash job.
#include "cli_runner.hpp"
#include "kps/jigs/keystore_record.hpp"
#include "kps/jigs/reference_endpoint.hpp"
#include "kps/usbsim/usb_probe_testbed.hpp"

#include <QCoreApplication>
#include <QFile>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>

using namespace kps;
using namespace kps::jigs;

namespace {

const QString kConfig = QStringLiteral(KPS_SOURCE_DIR "/jigs/usbsim/openocd-sim.cfg");
const QString kProvision = QStringLiteral(KPS_SOURCE_DIR "/jigs/usbsim/openocd-provision.tcl");

sim::ProbeIdentity identity() {
    sim::ProbeIdentity identity;
    identity.serial = "KPS-OCD-1";
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

} // namespace

class TstOpenocdConformance : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        if (QStandardPaths::findExecutable(QStringLiteral("openocd")).isEmpty()) {
            if (qEnvironmentVariableIsSet("CI"))
                QFAIL("openocd is missing: scripts/install-deps.sh installs it");
            QSKIP("openocd is not installed");
        }
        QVERIFY(dir_.isValid());
        probe_.insert(std::make_unique<ReferenceEndpoint>(
            referenceTarget(),
            std::array<std::uint8_t, 12>{0x11, 0x22, 0x33, 0x44, 5, 6, 7, 8, 9, 10, 11, 12}));
        testbed_.plug(probe_);
    }

    void writesAndReadsMemory() {
        QByteArray image(256, '\0');
        QRandomGenerator generator(42);
        for (char& byte : image)
            byte = char(generator.bounded(256));
        writeFile(QStringLiteral("image.bin"), image);
        const auto result = openocd(
            {QStringLiteral("load_image %1 0x20000000 bin").arg(path(QStringLiteral("image.bin"))),
             QStringLiteral("dump_image %1 0x20000000 256").arg(path(QStringLiteral("dump.bin"))),
             QStringLiteral("write_memory 0x20000201 8 {0xA1 0xA2 0xA3 0xA4 0xA5 0xA6 0xA7}"),
             QStringLiteral("write_memory 0x20000302 16 {0xB1B2 0xB3B4 0xB5B6}"),
             QStringLiteral("echo \"kps-uid: [read_memory 0x1fff7590 32 3]\""),
             QStringLiteral("echo \"kps-bytes: [read_memory 0x20000201 8 7]\""),
             QStringLiteral("echo \"kps-halves: [read_memory 0x20000302 16 3]\"")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(readFile(path(QStringLiteral("dump.bin"))), image);
        QCOMPARE(echoed(result.err, QStringLiteral("kps-uid:")),
                 QStringLiteral("0x44332211 0x8070605 0xc0b0a09"));
        QCOMPARE(echoed(result.err, QStringLiteral("kps-bytes:")),
                 QStringLiteral("0xa1 0xa2 0xa3 0xa4 0xa5 0xa6 0xa7"));
        QCOMPARE(echoed(result.err, QStringLiteral("kps-halves:")),
                 QStringLiteral("0xb1b2 0xb3b4 0xb5b6"));
        std::uint32_t word = 0;
        QVERIFY(probe_.endpoint()->busRead(0x20000000, 4, word));
        QCOMPARE(word, std::uint32_t(std::uint8_t(image[0]) | std::uint8_t(image[1]) << 8 |
                                     std::uint8_t(image[2]) << 16 |
                                     std::uint32_t(std::uint8_t(image[3])) << 24));
        QVERIFY(probe_.endpoint()->busRead(0x20000204, 4, word));
        QCOMPARE(word, std::uint32_t(0xA7A6A5A4));
    }

    void programsAndLocksTheKeyStore() {
        static const std::uint8_t key[16] = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6};
        KeyStoreContent content;
        content.keys.push_back({1, KeyRole::Data, 1, key});
        std::vector<std::uint8_t> record(keyStoreSize(content));
        QVERIFY(encodeKeyStore(content, record));
        const QByteArray bytes(reinterpret_cast<const char*>(record.data()),
                               qsizetype(record.size()));
        writeFile(QStringLiteral("record.bin"), bytes);
        const auto result =
            openocd({QStringLiteral("source %1").arg(kProvision),
                     QStringLiteral("kps_program %1 %2 %3")
                         .arg(path(QStringLiteral("record.bin")), path(QStringLiteral("back.bin")))
                         .arg(record.size()),
                     QStringLiteral("echo \"kps-lock: [kps_lock]\"")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(readFile(path(QStringLiteral("back.bin"))), bytes);
        QCOMPARE(echoed(result.err, QStringLiteral("kps-lock:")), QStringLiteral("0xbb"));
        auto* endpoint = probe_.endpoint();
        QVERIFY(endpoint->locked());
        QVERIFY(std::equal(record.begin(), record.end(), endpoint->keyStorePage().begin()));
    }

private:
    QString path(const QString& name) const { return dir_.filePath(name); }
    void writeFile(const QString& name, const QByteArray& bytes) {
        QFile file(path(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
    }
    test::ProcessResult openocd(const QStringList& commands) {
        QStringList arguments{QStringLiteral("-f"), kConfig};
        arguments << QStringLiteral("-c") << QStringLiteral("init");
        for (const QString& command : commands)
            arguments << QStringLiteral("-c") << command;
        arguments << QStringLiteral("-c") << QStringLiteral("shutdown");
        auto environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("KPS_PROBE_SERIAL"), QStringLiteral("KPS-OCD-1"));
        return test::runProgram(QStringLiteral("openocd"), arguments, {}, environment, 60000);
    }

    QTemporaryDir dir_;
    usbsim::UsbProbeTestbed testbed_;
    sim::SimulatedProbe probe_{identity(), referenceTarget()};
};

int main(int argc, char** argv) {
    usbsim::UsbProbeTestbed::ensureMockEnvironment(argc, argv);
    QCoreApplication application(argc, argv);
    TstOpenocdConformance test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_openocd_conformance.moc"
