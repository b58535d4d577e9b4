// Fault injection, seeded: for every fault kind (and all at once) a run of endpoints
// goes through the same steps as the station's endpoint job, and every endpoint
// ends in a correct state: a reported success is locked with exactly the record;
// a failure leaves it blank and unlocked (the jig's clean-up erased it), or locked
// with exactly the record (the lock took but its answer was lost), or untouched
// (no target, locked before). Never locked with anything else, never a written
// key store left readable.
#include "kps/jigs/probe_jig.hpp"
#include "sim_fixture.hpp"

using namespace kps;
using namespace kps::jigs;
using sim::FaultKind;

namespace {

struct Tally {
    int succeeded = 0;
    int failed = 0;
    int blankAfterFailure = 0;
    int lockedAfterFailure = 0;
    int untouched = 0;
    std::map<JigFault, int> faults;
};

Status runJob(Jig& jig, std::span<const std::uint8_t> record) {
    if (auto identity = jig.attach(); !identity)
        return tl::unexpected(identity.error());
    if (auto written = jig.writeKeyStore(record); !written)
        return written;
    std::vector<std::uint8_t> back(record.size());
    if (auto read = jig.readKeyStore(back); !read)
        return read;
    if (back != std::vector<std::uint8_t>(record.begin(), record.end()))
        return fail(JigFault::VerifyMismatch, "compare", "test", "read back differs");
    return jig.lockAndReset();
}

bool holdsRecord(const sim::SimulatedEndpoint& endpoint, std::span<const std::uint8_t> record) {
    return std::equal(record.begin(), record.end(), endpoint.keyStorePage().begin());
}

bool blank(const sim::SimulatedEndpoint& endpoint) {
    const auto page = endpoint.keyStorePage();
    return std::all_of(page.begin(), page.end(), [](std::uint8_t b) { return b == 0xFF; });
}

/// Runs `count` endpoints with the given fault rates; QVERIFYs every end state.
Tally runLine(const sim::FaultRates& rates, std::uint64_t seed, int count) {
    Tally tally;
    sim::FaultInjector faults(rates, seed);
    sim::SimulatedProbe probe(test::probeIdentity(), referenceTarget(), &faults);
    ProbeJig jig(std::make_unique<sim::InProcessTransport>(probe), referenceTarget());
    const auto earlier = test::sampleRecord(0xEE);
    for (int i = 0; i < count; ++i) {
        const auto record = test::sampleRecord(std::uint8_t(i));
        bool preLocked = false;
        if (!faults.roll(FaultKind::NoTarget)) {
            probe.insert(test::blankEndpoint(std::uint8_t(i), &faults));
            preLocked = faults.roll(FaultKind::LockedTarget);
            if (preLocked)
                probe.endpoint()->provisionDirectly(earlier);
        }
        auto outcome = runJob(jig, record);
        jig.detach();
        auto endpoint = probe.remove();
        if (outcome) {
            ++tally.succeeded;
            if (!endpoint || !endpoint->locked() || !holdsRecord(*endpoint, record))
                qFatal("endpoint %d: success reported, but not locked with the record", i);
            continue;
        }
        ++tally.failed;
        ++tally.faults[outcome.error().fault];
        if (!endpoint || preLocked) {
            ++tally.untouched;
            if (endpoint && (!endpoint->locked() || !holdsRecord(*endpoint, earlier)))
                qFatal("endpoint %d: a locked endpoint was changed", i);
        } else if (endpoint->locked()) {
            ++tally.lockedAfterFailure;
            if (!holdsRecord(*endpoint, record))
                qFatal("endpoint %d: locked with something other than the verified record", i);
        } else {
            ++tally.blankAfterFailure;
            if (!blank(*endpoint))
                qFatal("endpoint %d: failed (%s), left unlocked with a written key store (%s)", i,
                       outcome.error().message().c_str(),
                       jig.lastCleanup() ? "clean-up ok"
                                         : jig.lastCleanup().error().message().c_str());
        }
    }
    return tally;
}

} // namespace

class TstFaultInjection : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyFaultEndsInACorrectState_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<double>("rate");
        QTest::addColumn<int>("expected");
        QTest::newRow("usb-drop") << int(FaultKind::UsbDrop) << 0.03 << int(JigFault::ProbeMissing);
        QTest::newRow("usb-timeout")
            << int(FaultKind::UsbTimeout) << 0.03 << int(JigFault::UsbTimeout);
        QTest::newRow("swd-wait") << int(FaultKind::SwdWait) << 0.08 << int(JigFault::SwdWait);
        QTest::newRow("swd-fault") << int(FaultKind::SwdFault) << 0.08 << int(JigFault::SwdFault);
        QTest::newRow("flash-program")
            << int(FaultKind::FlashProgram) << 0.2 << int(JigFault::FlashProgram);
        QTest::newRow("flash-verify")
            << int(FaultKind::FlashVerify) << 0.2 << int(JigFault::VerifyMismatch);
        QTest::newRow("no-target") << int(FaultKind::NoTarget) << 0.2 << int(JigFault::NoTarget);
        QTest::newRow("locked-target")
            << int(FaultKind::LockedTarget) << 0.2 << int(JigFault::TargetLocked);
    }

    void everyFaultEndsInACorrectState() {
        QFETCH(int, kind);
        QFETCH(double, rate);
        QFETCH(int, expected);
        const auto rates = sim::FaultRates{}.set(FaultKind(kind), rate);
        const Tally tally = runLine(rates, 20261122, 120);
        QVERIFY(tally.succeeded > 0);
        QVERIFY(tally.failed > 0);
        QVERIFY2(tally.faults.count(JigFault(expected)) > 0, "the injected fault was not reported");
        QCOMPARE(tally.succeeded + tally.failed, 120);
        qInfo("%s: %d ok, %d failed (blank %d, locked %d, untouched %d)",
              sim::faultKindName(FaultKind(kind)), tally.succeeded, tally.failed,
              tally.blankAfterFailure, tally.lockedAfterFailure, tally.untouched);
    }

    void allFaultsAtOnce() {
        sim::FaultRates rates;
        for (std::size_t kind = 0; kind < sim::kFaultKinds; ++kind)
            rates.set(FaultKind(kind), 0.01);
        for (std::uint64_t seed : {1ull, 2ull, 3ull}) {
            const Tally tally = runLine(rates, seed, 150);
            QVERIFY(tally.succeeded > 90);
            QVERIFY(tally.failed > 0);
            qInfo(
                "all kinds at 1%%, seed %llu: %d ok, %d failed (blank %d, locked %d, untouched %d)",
                static_cast<unsigned long long>(seed), tally.succeeded, tally.failed,
                tally.blankAfterFailure, tally.lockedAfterFailure, tally.untouched);
        }
    }

    void sameSeedSameFaults() {
        sim::FaultRates rates;
        for (std::size_t kind = 0; kind < sim::kFaultKinds; ++kind)
            rates.set(FaultKind(kind), 0.05);
        const Tally first = runLine(rates, 99, 80);
        const Tally second = runLine(rates, 99, 80);
        QCOMPARE(first.succeeded, second.succeeded);
        QVERIFY(first.faults == second.faults);
    }
};

QTEST_GUILESS_MAIN(TstFaultInjection)
#include "tst_fault_injection.moc"
