// Derived keys are session objects destroyed after use: the token holds as many
// objects after 1,000 endpoints as after 10 (and as before the first one).
#include "kps/provisioning/simulated_rack.hpp"
#include "kps/provisioning/testing/station_internals.hpp"
#include "order_ids.hpp"
#include "station_fixture.hpp"

using namespace kps;

namespace {

provisioning::RunOptions runOptions(int count) {
    provisioning::RunOptions options;
    options.slotCount = 4;
    options.count = count;
    return options;
}

} // namespace

class TstObjectCount : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void objectCountDoesNotGrowWithTheBatch() {
        test::StationFixture fixture;
        auto& station = *fixture.station;
        test::OrderSpec spec;
        spec.quantity = 1000;
        const auto supervisor = fixture.login(QStringLiteral("supervisor"));
        QVERIFY(station.orders().add(supervisor, fixture.writeOrder(spec)));
        QVERIFY(station.orders().changeState(supervisor, test::orderId(spec.id),
                                             provisioning::OrderState::Running));
        auto before = kps::provisioning::StationInternals::vault(station).objectCount();
        QVERIFY(before);

        const auto operatorOnShift = fixture.login(QStringLiteral("operator"));
        auto rack = provisioning::makeSimulatedRack({4, {}, 7, 0.0});
        provisioning::RunObserver quiet;
        std::atomic<bool> cancel{false};
        auto first = station.line().run(operatorOnShift, test::orderId(spec.id), runOptions(10),
                                        *rack, quiet, cancel);
        QVERIFY(first && !first->stoppedBy);
        QCOMPARE(first->verified, 10);
        auto afterTen = kps::provisioning::StationInternals::vault(station).objectCount();

        auto rest = station.line().run(operatorOnShift, test::orderId(spec.id), runOptions(0),
                                       *rack, quiet, cancel);
        QVERIFY(rest && !rest->stoppedBy);
        QCOMPARE(rest->verified, 990);
        QVERIFY(rest->orderComplete);
        auto afterThousand = kps::provisioning::StationInternals::vault(station).objectCount();

        QVERIFY(afterTen && afterThousand);
        qInfo("token objects: before %zu, after 10 endpoints %zu, after 1000 endpoints %zu",
              *before, *afterTen, *afterThousand);
        QCOMPARE(*afterTen, *before);
        QCOMPARE(*afterThousand, *afterTen);
    }
};

QTEST_GUILESS_MAIN(TstObjectCount)
#include "tst_object_count.moc"
