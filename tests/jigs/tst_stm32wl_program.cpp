// The station's one pass on an emulated STM32WLE5 (a Unicorn Cortex-M4 with the
// RM0461 flash controller), through the real client stack: attach (reset into a halt,
// DBGMCU IDCODE), the endpoint application programmed by the STM32WL flash algorithm
// and verified by its CRC-32 on the target, the key store, RDP level 1 by the option
// bytes, reset. Afterwards the flash holds exactly the image and the record; the
// firmware, powered on in the field, answers with a telegram that decrypts with the
// record's data key; a debug read of the flash is refused. Round trips are counted.
// Faults of the target end each in its fault and a blank key store.
#include "kps/jigs/firmware_image.hpp"
#include "kps/jigs/oms_telegram.hpp"
#include "kps/jigs/probe_jig.hpp"
#include "stm32wl_fixture.hpp"

#include <QFile>

using namespace kps;
using namespace kps::jigs;
using Bytes = std::vector<std::uint8_t>;

namespace {

FirmwareImage endpointApp() {
    QFile file(QStringLiteral(KPS_ENDPOINT_APP_ELF));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read the endpoint application");
    const QByteArray bytes = file.readAll();
    auto image = parseFirmwareImage(
        {reinterpret_cast<const std::uint8_t*>(bytes.data()), std::size_t(bytes.size())},
        "endpoint-app.elf");
    if (!image)
        qFatal("%s", image.error().message().c_str());
    return std::move(*image);
}

/// 64 KiB of pseudo-random bytes from the start of the flash (the bench's image).
FirmwareImage syntheticImage(std::size_t size) {
    FirmwareImage image;
    image.file = "synthetic.bin";
    Bytes bytes(size);
    std::uint32_t x = 0x12345678;
    for (auto& byte : bytes) {
        x = x * 1664525u + 1013904223u;
        byte = std::uint8_t(x >> 24);
    }
    image.segments.push_back({0x08000000, std::move(bytes)});
    return image;
}

/// A jig on a simulated probe with an emulated STM32WLE5 in its socket.
struct Line {
    explicit Line(sim::FaultRates rates = {}, std::uint64_t seed = 1)
        : faults(rates, seed)
        , probe(test::probeIdentity(), stm32wle5Target())
        , jig(std::make_unique<sim::InProcessTransport>(probe), stm32wle5Target()) {
        mcuemu::Stm32wlOptions options = test::Stm32wlLink::defaultOptions();
        options.faults = &faults;
        auto made = mcuemu::Stm32wlMcu::create(stm32wle5Target(), std::move(options));
        if (!made)
            qFatal("%s", made.error().message().c_str());
        mcu = made->get();
        probe.insert(std::move(*made));
    }
    std::uint64_t roundTrips() { return jig.transport().roundTrips(); }
    Bytes flashAt(std::uint32_t address, std::size_t size) const {
        const auto flash = mcu->flash();
        const auto from = flash.begin() + (address - stm32wle5Target().flashBase);
        return Bytes(from, from + std::ptrdiff_t(size));
    }

    sim::FaultInjector faults;
    sim::SimulatedProbe probe;
    ProbeJig jig;
    mcuemu::Stm32wlMcu* mcu = nullptr;
};

QByteArray askForTelegram(mcuemu::Stm32wlMcu& mcu) {
    const std::uint8_t read = 'R';
    mcu.feedUart({&read, 1});
    QByteArray line;
    for (int slice = 0; slice < 100 && !line.endsWith("\r\n"); ++slice) {
        mcu.run(10'000);
        const Bytes out = mcu.takeUartOutput();
        line.append(reinterpret_cast<const char*>(out.data()), qsizetype(out.size()));
    }
    return line.chopped(2);
}

} // namespace

class TstStm32wlProgram : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void firmwareKeysAndLockInOnePass() {
        Line line;
        const FirmwareImage image = endpointApp();
        const Bytes record = test::sampleRecord(5);
        auto identity = line.jig.attach();
        QVERIFY2(identity, identity ? "" : identity.error().message().c_str());
        QVERIFY(!identity->locked);
        QCOMPARE(identity->uniqueId, test::Stm32wlLink::defaultOptions().uniqueId);
        const std::uint64_t attached = line.roundTrips();
        auto programmed = line.jig.programFirmware(image);
        QVERIFY2(programmed, programmed ? "" : programmed.error().message().c_str());
        const std::uint64_t flashed = line.roundTrips();
        QVERIFY(line.jig.writeKeyStore(record));
        Bytes back(record.size());
        QVERIFY(line.jig.readKeyStore(back));
        QCOMPARE(back, record);
        auto locked = line.jig.lockAndReset();
        QVERIFY2(locked, locked ? "" : locked.error().message().c_str());
        line.jig.detach();
        QVERIFY(line.jig.lastCleanup());
        qInfo("round trips: attach %llu (with the probe session), firmware %llu (%zu bytes), "
              "key store + read-back + lock + detach %llu",
              (unsigned long long)attached, (unsigned long long)(flashed - attached),
              image.byteCount(), (unsigned long long)(line.roundTrips() - flashed));
        // What the endpoint holds: the image, the record, RDP level 1.
        for (const FirmwareSegment& segment : image.segments)
            QVERIFY(line.flashAt(segment.address, segment.bytes.size()) == segment.bytes);
        QCOMPARE(line.flashAt(stm32wle5Target().keyStoreAddress, record.size()), record);
        QVERIFY(line.mcu->locked());
        QCOMPARE(line.mcu->readoutProtection(), mcuemu::ReadoutProtection::Level1);
        // A debug read of the flash is refused: attach sees the lock, reads fail.
        auto again = line.jig.attach();
        QVERIFY(again && again->locked);
        QCOMPARE(line.jig.readKeyStore(back).error().fault, JigFault::TargetLocked);
        line.jig.detach();
        // In the field (power cycle, no debugger) the firmware answers with a telegram
        // that the record's data key decrypts.
        line.mcu->powerOnReset();
        line.mcu->run(20'000);
        const QByteArray hex = askForTelegram(*line.mcu);
        const QByteArray telegram = QByteArray::fromHex(hex);
        QCOMPARE(telegram.size(), 31);
        auto content = decodeKeyStore(record);
        QVERIFY(content);
        const Bytes onAir(telegram.begin(), telegram.end());
        auto plain = oms::decryptMode5(content->keys.front().value, onAir);
        QVERIFY(plain);
        QCOMPARE((*plain)[0], std::uint8_t(0x2F));
    }

    void a64KiBImageInFewPackets() {
        Line line;
        const FirmwareImage image = syntheticImage(64 * 1024);
        QVERIFY(line.jig.attach());
        const std::uint64_t before = line.roundTrips();
        auto programmed = line.jig.programFirmware(image);
        QVERIFY2(programmed, programmed ? "" : programmed.error().message().c_str());
        const std::uint64_t packets = line.roundTrips() - before;
        QCOMPARE(line.jig.lastProgram().chunks, std::size_t(16));
        QCOMPARE(line.jig.lastProgram().sectors, std::size_t(32));
        QCOMPARE(line.jig.lastProgram().packets, packets);
        QVERIFY(line.flashAt(0x08000000, 64 * 1024) == image.segments[0].bytes);
        // The data alone needs ceil((65536 + the algorithm's blob) / 504) packets of
        // DAP_TransferBlock at 512 bytes; everything else rides along.
        const double minimum = std::ceil((64.0 * 1024 + 560) / 504.0);
        qInfo("64 KiB image: %llu packets, minimum for the data %.0f (%.3fx)",
              (unsigned long long)packets, minimum, double(packets) / minimum);
        QVERIFY(double(packets) <= 1.25 * minimum);
        line.jig.detach();
    }

    void aFlashErrorFailsAndLeavesTheKeyStoreBlank() {
        Line line(sim::FaultRates{}.set(sim::FaultKind::FlashProgram, 1.0));
        QVERIFY(line.jig.attach());
        auto programmed = line.jig.programFirmware(endpointApp());
        QVERIFY(!programmed);
        QCOMPARE(programmed.error().fault, JigFault::FlashProgram);
        line.jig.detach();
        QVERIFY(!line.mcu->locked());
        const Bytes page = line.flashAt(stm32wle5Target().keyStoreAddress, 2048);
        QVERIFY(std::all_of(page.begin(), page.end(), [](std::uint8_t b) { return b == 0xFF; }));
    }

    void aWrongWordIsFoundByTheCrcOnTheTarget() {
        Line line(sim::FaultRates{}.set(sim::FaultKind::FlashVerify, 1.0));
        QVERIFY(line.jig.attach());
        auto programmed = line.jig.programFirmware(endpointApp());
        QVERIFY(!programmed);
        QCOMPARE(programmed.error().fault, JigFault::VerifyMismatch);
        QVERIFY(programmed.error().what.find("Crc32") == 0);
        line.jig.detach();
    }

    void aCoreThatNeverReachesItsBreakpointIsHalted() {
        Line line(sim::FaultRates{}.set(sim::FaultKind::BkptTimeout, 1.0));
        QVERIFY(line.jig.attach());
        auto programmed = line.jig.programFirmware(endpointApp());
        QVERIFY(!programmed);
        QCOMPARE(programmed.error().fault, JigFault::BreakpointTimeout);
        QCOMPARE(line.mcu->coreState(), mcuemu::McuCoreState::Halted);
        line.jig.detach();
        QVERIFY(!line.mcu->locked());
    }

    void anotherPartIsRefusedAtAttach() {
        Line line(sim::FaultRates{}.set(sim::FaultKind::WrongIdcode, 1.0));
        auto attached = line.jig.attach();
        QVERIFY(!attached);
        QCOMPARE(attached.error().fault, JigFault::WrongTarget);
        QVERIFY(attached.error().hint.find("device ID") != std::string::npos);
    }

    void theReferenceTargetTakesNoFirmware() {
        sim::SimulatedProbe probe(test::probeIdentity(), referenceTarget());
        probe.insert(test::blankEndpoint());
        ProbeJig jig(std::make_unique<sim::InProcessTransport>(probe), referenceTarget());
        QVERIFY(jig.attach());
        auto programmed = jig.programFirmware(endpointApp());
        QVERIFY(!programmed);
        QVERIFY(programmed.error().hint.find("no flash algorithm") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TstStm32wlProgram)
#include "tst_stm32wl_program.moc"
