// The real client stack provisioning the reference endpoint model through the
// simulated probe, in process.
#include "kps/jigs/keystore_record.hpp"
#include "kps/jigs/probe_jig.hpp"
#include "kps/jigs/reference_endpoint.hpp"
#include "kps/jigs/sim/in_process_transport.hpp"

#include <QTest>

using namespace kps::jigs;

namespace {

std::vector<std::uint8_t> sampleRecord() {
    static const std::uint8_t key[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    static const std::uint8_t password[] = {'p', 'a', 's', 's', 'w', 'o', 'r', 'd'};
    KeyStoreContent content;
    content.address = {0x8b, 0x2d, 0x78, 0x56, 0x34, 0x12, 0x01, 0x07};
    content.keys.push_back({1, KeyRole::Data, 1, key});
    content.keys.push_back({2, KeyRole::Dm, 1, key});
    content.password = password;
    std::vector<std::uint8_t> record(keyStoreSize(content));
    if (!encodeKeyStore(content, record))
        qFatal("encode");
    return record;
}

struct Bench {
    explicit Bench(std::uint16_t packetSize = 512) {
        sim::ProbeIdentity identity;
        identity.packetSize = packetSize;
        probe = std::make_unique<sim::SimulatedProbe>(identity, referenceTarget());
        auto transport = std::make_unique<sim::InProcessTransport>(*probe);
        jig = std::make_unique<ProbeJig>(std::move(transport), referenceTarget());
        probe->insert(std::make_unique<ReferenceEndpoint>(
            referenceTarget(),
            std::array<std::uint8_t, 12>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
    }
    std::unique_ptr<sim::SimulatedProbe> probe;
    std::unique_ptr<ProbeJig> jig;
};

} // namespace

class TstProbeJig : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void provisionsOneEndpoint() {
        Bench bench;
        auto identity = bench.jig->attach();
        QVERIFY2(identity, identity ? "" : identity.error().message().c_str());
        QCOMPARE(identity->dpidr, referenceTarget().dpidr);
        QCOMPARE(identity->uniqueId[0], std::uint8_t(1));
        QCOMPARE(identity->uniqueId[11], std::uint8_t(12));
        const auto record = sampleRecord();
        auto written = bench.jig->writeKeyStore(record);
        QVERIFY2(written, written ? "" : written.error().message().c_str());
        std::vector<std::uint8_t> back(record.size());
        QVERIFY(bench.jig->readKeyStore(back));
        QVERIFY(back == record);
        auto locked = bench.jig->lockAndReset();
        QVERIFY2(locked, locked ? "" : locked.error().message().c_str());
        bench.jig->detach();
        ReferenceEndpoint* endpoint = bench.probe->endpoint();
        QVERIFY(endpoint->locked());
        QVERIFY(std::equal(record.begin(), record.end(), endpoint->keyStorePage().begin()));
        QCOMPARE(bench.jig->transport().roundTrips(), std::uint64_t(3 + 7));
    }
};

QTEST_GUILESS_MAIN(TstProbeJig)
#include "tst_probe_jig.moc"
