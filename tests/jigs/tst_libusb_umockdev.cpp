// The libusb path without hardware: simulated CMSIS-DAP v2 probes as USB devices
// behind umockdev; LibusbTransport enumerates them, opens one by serial, claims
// its interface and provisions an endpoint through real libusb calls.
#include "kps/jigs/libusb_transport.hpp"
#include "kps/jigs/probe_jig.hpp"
#include "kps/usbsim/usb_probe_testbed.hpp"
#include "sim_fixture.hpp"

#include <QCoreApplication>
#include <QTest>

using namespace kps;
using namespace kps::jigs;

namespace {

sim::ProbeIdentity identity(const char* serial) {
    sim::ProbeIdentity identity;
    identity.serial = serial;
    identity.firmware = "2.1.1-sim";
    return identity;
}

} // namespace

class TstLibusbUmockdev : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        first_.insert(test::blankEndpoint(0xA1));
        second_.insert(test::blankEndpoint(0xB2));
        testbed_.plug(first_);
        testbed_.plug(second_);
        auto context = usb::Context::create();
        QVERIFY(context);
        context_ = *context;
    }

    void enumeratesTheProbes() {
        auto probes = listUsbProbes(*context_);
        QVERIFY2(probes, probes ? "" : probes.error().message().c_str());
        QCOMPARE(probes->size(), std::size_t(2));
        QStringList serials;
        for (const UsbProbe& probe : *probes) {
            serials << QString::fromStdString(probe.serial);
            QCOMPARE(probe.vendorId, std::uint16_t(0x1209));
            QCOMPARE(probe.outEndpoint, std::uint8_t(0x01));
            QCOMPARE(probe.inEndpoint, std::uint8_t(0x81));
            QCOMPARE(probe.maxPacket, std::uint16_t(512));
        }
        serials.sort();
        QCOMPARE(serials, QStringList({"KPS-USB-A", "KPS-USB-B"}));
    }

    void unknownSerialIsProbeMissing() {
        auto transport = LibusbTransport::open(context_, "NO-SUCH-PROBE");
        QVERIFY(!transport);
        QCOMPARE(transport.error().fault, JigFault::ProbeMissing);
        QVERIFY(transport.error().hint.find("serial") != std::string::npos);
    }

    void readsProbeDetails() {
        auto transport = LibusbTransport::open(context_, "KPS-USB-A");
        QVERIFY2(transport, transport ? "" : transport.error().message().c_str());
        DapProbe probe(**transport);
        auto details = probe.details();
        QVERIFY2(details, details ? "" : details.error().message().c_str());
        QCOMPARE(details->serial, std::string("KPS-USB-A"));
        QCOMPARE(details->firmware, std::string("2.1.1-sim"));
        QCOMPARE(details->packetSize, std::uint16_t(512));
        QVERIFY(details->targetMillivolts);
        QCOMPARE(*details->targetMillivolts, std::uint16_t(3300));
    }

    void provisionsOneEndpointOverLibusb() {
        const std::uint64_t urbsBefore = testbed_.bulkUrbs();
        auto transport = LibusbTransport::open(context_, "KPS-USB-B");
        QVERIFY2(transport, transport ? "" : transport.error().message().c_str());
        ProbeJig jig(std::move(*transport), referenceTarget());
        auto identity = jig.attach();
        QVERIFY2(identity, identity ? "" : identity.error().message().c_str());
        QCOMPARE(identity->uniqueId[0], std::uint8_t(0xB2)); // the probe we asked for
        const auto record = test::sampleRecord();
        auto written = jig.writeKeyStore(record);
        QVERIFY2(written, written ? "" : written.error().message().c_str());
        std::vector<std::uint8_t> back(record.size());
        QVERIFY(jig.readKeyStore(back));
        QVERIFY(back == record);
        QVERIFY(jig.lockAndReset());
        jig.detach();
        QVERIFY(second_.endpoint()->locked());
        QVERIFY(
            std::equal(record.begin(), record.end(), second_.endpoint()->keyStorePage().begin()));
        QVERIFY(!first_.endpoint()->locked());
        QCOMPARE(jig.transport().roundTrips(), std::uint64_t(3 + 7));
        QCOMPARE(testbed_.bulkUrbs() - urbsBefore, std::uint64_t(2 * (3 + 7)));
    }

    void reconnectsAfterTheProbeDropsOff() {
        auto transport = LibusbTransport::open(context_, "KPS-USB-A");
        QVERIFY(transport);
        std::uint8_t response[512];
        const std::uint8_t info[] = {0x00, 0xFF}; // DAP_Info packet size
        QVERIFY((*transport)->exchange(info, response));
        sim::FaultInjector drops(sim::FaultRates{}.set(sim::FaultKind::UsbDrop, 1.0), 7);
        first_.setFaults(&drops);
        auto dropped = (*transport)->exchange(info, response);
        first_.setFaults(nullptr);
        QVERIFY(!dropped);
        QCOMPARE(dropped.error().fault, JigFault::ProbeMissing);
        QVERIFY((*transport)->reconnect());
        auto answered = (*transport)->exchange(info, response);
        QVERIFY(answered);
        QCOMPARE(*answered, std::size_t(4));
        QCOMPARE(response[0], std::uint8_t(0x00));
        QCOMPARE(response[2] | response[3] << 8, 512);
    }

    void timesOutWhenTheProbeNeverAnswers() {
        auto transport =
            LibusbTransport::open(context_, "KPS-USB-A", std::chrono::milliseconds(30));
        QVERIFY(transport);
        sim::FaultInjector silence(sim::FaultRates{}.set(sim::FaultKind::UsbTimeout, 1.0), 7);
        first_.setFaults(&silence);
        std::uint8_t response[512];
        const std::uint8_t info[] = {0x00, 0xFF};
        auto lost = (*transport)->exchange(info, response);
        first_.setFaults(nullptr);
        QVERIFY(!lost);
        QCOMPARE(lost.error().fault, JigFault::UsbTimeout);
        QVERIFY((*transport)->exchange(info, response)); // the next packet goes through
    }

private:
    kps::usbsim::UsbProbeTestbed testbed_;
    sim::SimulatedProbe first_{identity("KPS-USB-A"), referenceTarget()};
    sim::SimulatedProbe second_{identity("KPS-USB-B"), referenceTarget()};
    std::shared_ptr<usb::Context> context_;
};

int main(int argc, char** argv) {
    kps::usbsim::UsbProbeTestbed::ensureMockEnvironment(argc, argv);
    QCoreApplication application(argc, argv);
    TstLibusbUmockdev test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_libusb_umockdev.moc"
