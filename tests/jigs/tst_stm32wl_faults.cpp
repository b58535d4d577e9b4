// Faults on the emulated STM32WLE5 line, seeded, with the station's retry policy: for
// each fault kind (USB drop and timeout, SWD WAIT and FAULT, flash program error, a
// wrong word, a core that never reaches its breakpoint, a foreign IDCODE) a run of
// endpoints goes through the one pass (firmware, keys, read-back, lock), each fault
// tried again as RetryPolicy says (after a new attach where it says so). Every
// endpoint ends in a correct state: a success is locked with the image and exactly
// the record; a failure is unlocked with a blank key store (the jig's clean-up), or
// locked with exactly the record (the lock took, its answer was lost), or untouched
// (another part: nothing written).
#include "kps/jigs/firmware_image.hpp"
#include "kps/jigs/probe_jig.hpp"
#include "kps/provisioning/retry_policy.hpp"
#include "stm32wl_fixture.hpp"

#include <QFile>

using namespace kps;
using namespace kps::jigs;
using sim::FaultKind;

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

Status onePass(Jig& jig, const FirmwareImage& image, std::span<const std::uint8_t> record) {
    KPS_TRY(jig.programFirmware(image));
    KPS_TRY(jig.writeKeyStore(record));
    std::vector<std::uint8_t> back(record.size());
    KPS_TRY(jig.readKeyStore(back));
    if (!std::equal(back.begin(), back.end(), record.begin()))
        return fail(JigFault::VerifyMismatch, "compare", "test", "read back differs");
    return jig.lockAndReset();
}

/// The station's endpoint job: attach, then the pass, each fault retried per policy.
Status provision(Jig& jig, const FirmwareImage& image, std::span<const std::uint8_t> record,
                 const provisioning::RetryPolicy& policy) {
    auto name = [](const JigError& error) { // the jig's fault as the line types it
        return provisioning::faultFrom(QString::fromLatin1(faultName(error.fault)))
            .value_or(provisioning::Fault::Protocol);
    };
    Result<EndpointIdentity> identity = jig.attach();
    for (int attempt = 1; !identity && attempt < policy.attemptsFor(name(identity.error()));
         ++attempt)
        identity = jig.attach();
    if (!identity)
        return tl::unexpected(identity.error());
    for (int attempt = 1;; ++attempt) {
        auto done = onePass(jig, image, record);
        if (done)
            return done;
        const provisioning::Fault fault = name(done.error());
        if (attempt >= policy.attemptsFor(fault))
            return done;
        if (policy.reconnects(fault))
            if (auto again = jig.attach(); !again)
                return tl::unexpected(again.error());
    }
}

struct Tally {
    int succeeded = 0, blankAfterFailure = 0, lockedAfterFailure = 0, untouched = 0;
    std::map<JigFault, int> faults;
    std::uint64_t injected = 0; // faults of the kinds asked for that happened
};

bool holds(const sim::SimulatedEndpoint& endpoint, const FirmwareImage& image,
           std::span<const std::uint8_t> record) {
    const auto flash = endpoint.flash();
    const std::uint32_t base = endpoint.profile().flashBase;
    for (const FirmwareSegment& segment : image.segments)
        if (!std::equal(segment.bytes.begin(), segment.bytes.end(),
                        flash.begin() + (segment.address - base)))
            return false;
    return std::equal(record.begin(), record.end(), endpoint.keyStorePage().begin());
}

bool blankKeyStore(const sim::SimulatedEndpoint& endpoint) {
    const auto page = endpoint.keyStorePage();
    return std::all_of(page.begin(), page.end(), [](std::uint8_t b) { return b == 0xFF; });
}

Tally runLine(const sim::FaultRates& rates, std::uint64_t seed, int count) {
    Tally tally;
    const FirmwareImage image = endpointApp();
    const provisioning::RetryPolicy policy;
    sim::FaultInjector faults(rates, seed);
    sim::SimulatedProbe probe(test::probeIdentity(), stm32wle5Target(), &faults);
    ProbeJig jig(std::make_unique<sim::InProcessTransport>(probe), stm32wle5Target());
    for (int i = 0; i < count; ++i) {
        const auto record = test::sampleRecord(std::uint8_t(i));
        mcuemu::Stm32wlOptions options;
        options.uniqueId = {std::uint8_t(i), 0x57, 0x4C, 0, 1, 2, 3, 4, 5, 6, 7, 8};
        options.faults = &faults;
        auto made = mcuemu::Stm32wlMcu::create(stm32wle5Target(), std::move(options));
        if (!made)
            qFatal("%s", made.error().message().c_str());
        probe.insert(std::move(*made));
        auto outcome = provision(jig, image, record, policy);
        jig.detach();
        auto endpoint = probe.remove();
        if (outcome) {
            ++tally.succeeded;
            if (!endpoint->locked() || !holds(*endpoint, image, record))
                qFatal("endpoint %d: success reported, but not locked with image and record", i);
            continue;
        }
        ++tally.faults[outcome.error().fault];
        if (endpoint->locked()) {
            ++tally.lockedAfterFailure;
            if (!holds(*endpoint, image, record))
                qFatal("endpoint %d: locked with something other than the verified record", i);
        } else if (outcome.error().fault == JigFault::WrongTarget) {
            ++tally.untouched;
            const auto flash = endpoint->flash();
            if (!std::all_of(flash.begin(), flash.end(), [](std::uint8_t b) { return b == 0xFF; }))
                qFatal("endpoint %d: another part was written", i);
        } else {
            ++tally.blankAfterFailure;
            if (!blankKeyStore(*endpoint))
                qFatal("endpoint %d: failed (%s), left unlocked with a written key store (%s)", i,
                       outcome.error().message().c_str(),
                       jig.lastCleanup() ? "clean-up ok"
                                         : jig.lastCleanup().error().message().c_str());
        }
    }
    for (std::size_t kind = 0; kind < sim::kFaultKinds; ++kind)
        tally.injected += faults.injected(FaultKind(kind));
    return tally;
}

} // namespace

class TstStm32wlFaults : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyFaultEndsInACorrectState_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<double>("rate");
        QTest::addColumn<int>("expected"); // the fault an endpoint fails with, when it fails
        QTest::newRow("usb-drop") << int(FaultKind::UsbDrop) << 0.01 << int(JigFault::ProbeMissing);
        QTest::newRow("usb-timeout")
            << int(FaultKind::UsbTimeout) << 0.01 << int(JigFault::UsbTimeout);
        QTest::newRow("swd-wait") << int(FaultKind::SwdWait) << 0.02 << int(JigFault::SwdWait);
        QTest::newRow("swd-fault") << int(FaultKind::SwdFault) << 0.02 << int(JigFault::SwdFault);
        QTest::newRow("flash-program")
            << int(FaultKind::FlashProgram) << 0.2 << int(JigFault::FlashProgram);
        QTest::newRow("flash-verify")
            << int(FaultKind::FlashVerify) << 0.2 << int(JigFault::VerifyMismatch);
        QTest::newRow("bkpt-timeout")
            << int(FaultKind::BkptTimeout) << 0.02 << int(JigFault::BreakpointTimeout);
        QTest::newRow("wrong-idcode")
            << int(FaultKind::WrongIdcode) << 0.2 << int(JigFault::WrongTarget);
    }
    void everyFaultEndsInACorrectState() {
        QFETCH(int, kind);
        QFETCH(double, rate);
        QFETCH(int, expected);
        const int count = 40;
        const Tally tally = runLine(sim::FaultRates{}.set(FaultKind(kind), rate), 7, count);
        const int failed = tally.blankAfterFailure + tally.lockedAfterFailure + tally.untouched;
        QCOMPARE(tally.succeeded + failed, count);
        QVERIFY2(tally.succeeded > 0, "no endpoint made it");
        QVERIFY2(tally.injected > 0, "no fault happened");
        for (const auto& [fault, n] : tally.faults)
            QVERIFY2(fault == JigFault(expected) || fault == JigFault::ProbeMissing ||
                         fault == JigFault::UsbTimeout,
                     faultName(fault));
        qInfo("%s: %llu faults, %d verified, %d failed (%d blank, %d locked with the record, "
              "%d untouched)",
              QTest::currentDataTag(), (unsigned long long)tally.injected, tally.succeeded, failed,
              tally.blankAfterFailure, tally.lockedAfterFailure, tally.untouched);
    }

    void everyKindAtOnceTwoSeeds() {
        sim::FaultRates rates;
        for (FaultKind kind : {FaultKind::UsbDrop, FaultKind::UsbTimeout})
            rates.set(kind, 0.003);
        for (FaultKind kind : {FaultKind::SwdWait, FaultKind::SwdFault, FaultKind::FlashProgram,
                               FaultKind::FlashVerify, FaultKind::BkptTimeout})
            rates.set(kind, 0.01);
        rates.set(FaultKind::WrongIdcode, 0.05);
        for (std::uint64_t seed : {11u, 12u}) {
            const Tally tally = runLine(rates, seed, 40);
            QVERIFY(tally.succeeded > 0);
            QVERIFY(!tally.faults.empty());
        }
    }
};

QTEST_GUILESS_MAIN(TstStm32wlFaults)
#include "tst_stm32wl_faults.moc"
