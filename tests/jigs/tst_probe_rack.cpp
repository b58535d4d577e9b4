// A line of real-probe jigs without hardware: two simulated CMSIS-DAP v2 probes on
// USB (umockdev), `kps probes` lists them, and a station run with the probe rack
// (slots bound to serials) provisions and locks the endpoint in each socket.
#include "cli_runner.hpp"
#include "kps/jigs/keystore_record.hpp"
#include "kps/provisioning/address.hpp"
#include "kps/provisioning/probe_rack.hpp"
#include "kps/usbsim/usb_probe_testbed.hpp"
#include "order_ids.hpp"
#include "sim_fixture.hpp"
#include "station_fixture.hpp"

#include <QCoreApplication>

using namespace kps;

namespace {

jigs::sim::ProbeIdentity identity(const char* serial) {
    jigs::sim::ProbeIdentity identity;
    identity.serial = serial;
    return identity;
}

} // namespace

class TstProbeRack : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        first_.insert(test::blankEndpoint(1));
        second_.insert(test::blankEndpoint(2));
        testbed_.plug(first_);
        testbed_.plug(second_);
    }

    void listsTheConnectedProbes() {
        auto probes = provisioning::listConnectedProbes();
        QVERIFY2(probes, probes ? "" : qPrintable(probes.error().message()));
        QCOMPARE(probes->size(), std::size_t(2));
        for (const auto& probe : *probes) {
            QVERIFY(probe.serial.startsWith(QLatin1String("KPS-RACK-")));
            QCOMPARE(probe.firmware, QStringLiteral("2.1.1"));
            QCOMPARE(probe.targetMillivolts.value_or(0), 3300);
        }
        const auto cli = test::runKps({QStringLiteral("probes")});
        QVERIFY2(cli.exitCode == 0, cli.err.constData());
        QVERIFY(cli.out.contains("KPS-RACK-1\t2.1.1\t3.30 V"));
        QVERIFY(cli.out.contains("KPS-RACK-2"));
    }

    void refusesAMissingProbe() {
        auto rack = provisioning::makeProbeRack(
            {{QStringLiteral("KPS-RACK-1"), QStringLiteral("KPS-NOT-HERE")}});
        QVERIFY(!rack);
        QCOMPARE(rack.error().kind, provisioning::ErrorKind::Device);
        QVERIFY(rack.error().where.contains(QLatin1String("KPS-NOT-HERE")));
        QVERIFY(!provisioning::makeProbeRack({{QStringLiteral("A"), QStringLiteral("A")}}));
    }

    void provisionsOneEndpointPerProbe() {
        test::StationFixture fixture;
        auto& station = *fixture.station;
        test::OrderSpec spec;
        QVERIFY(station.orders().add(fixture.login(QStringLiteral("supervisor")),
                                     fixture.writeOrder(spec)));
        QVERIFY(station.orders().changeState(fixture.login(QStringLiteral("supervisor")),
                                             test::orderId(spec.id),
                                             provisioning::OrderState::Running));
        auto rack = provisioning::makeProbeRack(
            {{QStringLiteral("KPS-RACK-1"), QStringLiteral("KPS-RACK-2")}});
        QVERIFY2(rack, rack ? "" : qPrintable(rack.error().message()));
        QCOMPARE((*rack)->slotCount(), 2);
        provisioning::RunObserver quiet;
        std::atomic<bool> cancel{false};
        auto summary =
            station.line().run(fixture.login(QStringLiteral("operator")), test::orderId(spec.id),
                               {2, 2, 5, {}}, **rack, quiet, cancel);
        QVERIFY(summary && !summary->stoppedBy);
        QCOMPARE(summary->verified, 2);
        QSet<QString> addresses;
        for (jigs::sim::SimulatedProbe* probe : {&first_, &second_}) {
            const auto& endpoint = *probe->endpoint();
            QVERIFY(endpoint.locked());
            const auto page = endpoint.keyStorePage();
            auto content = jigs::decodeKeyStore(page.first(jigs::recordLengthInPage(page)));
            QVERIFY(content);
            QCOMPARE(content->keys.size(), std::size_t(3));
            addresses.insert(provisioning::EndpointAddress::fromBytes(content->address).text());
        }
        QCOMPARE(addresses, (QSet<QString>{QStringLiteral("KLK-00010000-01-07"),
                                           QStringLiteral("KLK-00010001-01-07")}));
    }

private:
    usbsim::UsbProbeTestbed testbed_;
    jigs::sim::SimulatedProbe first_{identity("KPS-RACK-1"), jigs::referenceTarget()};
    jigs::sim::SimulatedProbe second_{identity("KPS-RACK-2"), jigs::referenceTarget()};
};

int main(int argc, char** argv) {
    usbsim::UsbProbeTestbed::ensureMockEnvironment(argc, argv);
    QCoreApplication application(argc, argv);
    TstProbeRack test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_probe_rack.moc"
