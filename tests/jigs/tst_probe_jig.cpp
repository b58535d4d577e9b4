// The real client stack provisioning the reference endpoint model through the
// simulated probe, in process.
#include "kps/jigs/probe_jig.hpp"
#include "sim_fixture.hpp"

using namespace kps;
using namespace kps::jigs;

namespace {

struct Bench {
    explicit Bench(std::uint16_t packetSize = 512)
        : probe(test::probeIdentity(packetSize), referenceTarget())
        , jig(std::make_unique<sim::InProcessTransport>(probe), referenceTarget()) {
        probe.insert(test::blankEndpoint(1));
    }
    sim::SimulatedProbe probe;
    ProbeJig jig;
};

} // namespace

class TstProbeJig : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void provisionsOneEndpoint() {
        Bench bench;
        auto identity = bench.jig.attach();
        QVERIFY2(identity, identity ? "" : identity.error().message().c_str());
        QCOMPARE(identity->dpidr, referenceTarget().dpidr);
        QCOMPARE(identity->uniqueId[0], std::uint8_t(1));
        QCOMPARE(identity->uniqueId[11], std::uint8_t(8));
        const auto record = test::sampleRecord();
        auto written = bench.jig.writeKeyStore(record);
        QVERIFY2(written, written ? "" : written.error().message().c_str());
        std::vector<std::uint8_t> back(record.size());
        QVERIFY(bench.jig.readKeyStore(back));
        QVERIFY(back == record);
        auto locked = bench.jig.lockAndReset();
        QVERIFY2(locked, locked ? "" : locked.error().message().c_str());
        bench.jig.detach();
        auto* endpoint = bench.probe.endpoint();
        QVERIFY(endpoint->locked());
        QVERIFY(std::equal(record.begin(), record.end(), endpoint->keyStorePage().begin()));
        QCOMPARE(bench.jig.transport().roundTrips(), std::uint64_t(3 + 7));
    }

    void fullSpeedProbeWritesWithTransferBlock() {
        sim::SimulatedProbe probe(test::probeIdentity(64), referenceTarget());
        auto recording = std::make_unique<test::RecordingTransport>(probe);
        test::RecordingTransport& packets = *recording;
        ProbeJig jig(std::move(recording), referenceTarget());
        probe.insert(test::blankEndpoint(2));
        const auto record = test::sampleRecord(2);
        QVERIFY(jig.attach());
        auto written = jig.writeKeyStore(record);
        QVERIFY2(written, written ? "" : written.error().message().c_str());
        QVERIFY(jig.lockAndReset());
        jig.detach();
        QVERIFY(packets.countOf(dap::CommandId::TransferBlock) >= 2); // record out, and back
        for (const auto& packet : packets.packets)
            QVERIFY(packet.size() <= 64);
        QVERIFY(probe.endpoint()->locked());
        QVERIFY(std::equal(record.begin(), record.end(), probe.endpoint()->keyStorePage().begin()));
    }

    void aFailedReconnectStillCleansUp() {
        Bench bench;
        QVERIFY(bench.jig.attach());
        QVERIFY(bench.jig.writeKeyStore(test::sampleRecord()));
        auto endpoint = bench.probe.remove(); // out of the socket for a moment
        QCOMPARE(bench.jig.attach().error().fault, JigFault::NoTarget);
        bench.probe.insert(std::move(endpoint));
        bench.jig.detach(); // the write is not forgotten: the key store is erased
        QVERIFY(bench.jig.lastCleanup());
        const auto page = bench.probe.endpoint()->keyStorePage();
        QVERIFY(std::all_of(page.begin(), page.end(), [](std::uint8_t b) { return b == 0xFF; }));
    }

    void theCleanUpLeavesAnotherEndpointAlone() {
        Bench bench;
        QVERIFY(bench.jig.attach());
        QVERIFY(bench.jig.writeKeyStore(test::sampleRecord()));
        auto written = bench.probe.remove();
        QVERIFY(!bench.jig.attach());
        bench.probe.insert(test::blankEndpoint(2)); // another one took its place
        const auto other = test::sampleRecord(9);
        std::vector<std::uint8_t> page(referenceTarget().keyStoreSize, 0xFF);
        std::copy(other.begin(), other.end(), page.begin());
        bench.probe.endpoint()->restoreKeyStore(page, false);
        bench.jig.detach();
        QVERIFY(!bench.jig.lastCleanup());
        QVERIFY(bench.jig.lastCleanup().error().hint.find("another endpoint") != std::string::npos);
        const auto kept = bench.probe.endpoint()->keyStorePage();
        QVERIFY(std::equal(other.begin(), other.end(), kept.begin())); // not erased
    }

    void refusesWhatItCannotDo() {
        Bench bench;
        const auto record = test::sampleRecord();
        QCOMPARE(bench.jig.writeKeyStore(record).error().fault, JigFault::NoTarget); // not attached
        QVERIFY(bench.jig.attach());
        const std::vector<std::uint8_t> odd(5, 0x11);
        QCOMPARE(bench.jig.writeKeyStore(odd).error().fault, JigFault::Protocol); // not whole words
        const std::vector<std::uint8_t> huge(4096, 0x11);
        QCOMPARE(bench.jig.writeKeyStore(huge).error().fault, JigFault::Protocol); // over a page
        bench.jig.detach();
        QVERIFY(!bench.probe.endpoint()->locked());
    }
};

QTEST_GUILESS_MAIN(TstProbeJig)
#include "tst_probe_jig.moc"
