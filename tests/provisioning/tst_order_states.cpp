// Order states: open -> running -> closed, changed by supervisors only; operators run
// running orders only; a closed order refuses every further change; one process at a
// time works on an order.
#include "kps/app/operations/close.hpp"
#include "kps/provisioning/simulated_rack.hpp"
#include "kps/provisioning/testing/station_internals.hpp"
#include "order_ids.hpp"
#include "station_fixture.hpp"

using namespace kps;
using provisioning::ErrorKind;
using provisioning::OrderState;

namespace {

provisioning::RunOptions countOf(int count) {
    provisioning::RunOptions options;
    options.slotCount = 2;
    options.count = count;
    return options;
}

} // namespace

class TstOrderStates : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        supervisor_ = fixture_.login(QStringLiteral("supervisor"));
        operator_ = fixture_.login(QStringLiteral("operator"));
        QVERIFY(fixture_.station->orders().add(supervisor_, fixture_.writeOrder(spec_)));
    }

    void operatorsRunOnlyStartedOrders() {
        auto& station = *fixture_.station;
        QCOMPARE(station.orders().find(test::orderId(spec_.id))->state, OrderState::Open);
        QCOMPARE(run(operator_, 1).error().kind, ErrorKind::Refused);
        QCOMPARE(station.orders()
                     .changeState(operator_, test::orderId(spec_.id), OrderState::Running)
                     .error()
                     .kind,
                 ErrorKind::Refused);
        QVERIFY(station.orders().changeState(supervisor_, test::orderId(spec_.id),
                                             OrderState::Running));
        auto ran = run(operator_, 2);
        QVERIFY(ran && ran->verified == 2);
        QVERIFY(station.orders().changeState(supervisor_, test::orderId(spec_.id),
                                             OrderState::Open)); // hold
        QCOMPARE(run(operator_, 1).error().kind, ErrorKind::Refused);
        QCOMPARE(station.orders()
                     .changeState(supervisor_, test::orderId(spec_.id), OrderState::Open)
                     .error()
                     .kind,
                 ErrorKind::Refused); // open already
    }

    void aSupervisorsRunStartsTheOrder() {
        auto ran = run(supervisor_, 1);
        QVERIFY(ran && ran->verified == 1);
        QCOMPARE(fixture_.station->orders().find(test::orderId(spec_.id))->state,
                 OrderState::Running);
    }

    void oneProcessAtATime() {
        auto lock = fixture_.station->orders().lock(test::orderId(spec_.id));
        QVERIFY(lock);
        auto refused = run(operator_, 1);
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, ErrorKind::Refused);
        auto closing = app::closeOrder(*fixture_.station, supervisor_, test::orderId(spec_.id));
        QVERIFY(!closing);
        QCOMPARE(closing.error().code, app::Refused);
    }

    void aClosedOrderRefusesEverything() {
        auto& station = *fixture_.station;
        QVERIFY(app::closeOrder(station, supervisor_, test::orderId(spec_.id)));
        QCOMPARE(station.orders().find(test::orderId(spec_.id))->state, OrderState::Closed);
        QCOMPARE(run(supervisor_, 1).error().kind, ErrorKind::Refused);
        for (OrderState to : {OrderState::Open, OrderState::Running})
            QCOMPARE(
                station.orders().changeState(supervisor_, test::orderId(spec_.id), to).error().kind,
                ErrorKind::Refused);
        QCOMPARE(kps::provisioning::StationInternals::store(station)
                     .orders()
                     .setState(spec_.id, OrderState::Running, {})
                     .error()
                     .kind,
                 ErrorKind::Refused);
        QCOMPARE(app::closeOrder(station, supervisor_, test::orderId(spec_.id)).error().code,
                 app::Refused);
        QCOMPARE(station.orders().find(test::orderId(spec_.id))->verified, 3u);
    }

    void everyTransitionIsAudited() {
        QStringList events;
        QVERIFY(kps::provisioning::StationInternals::store(*fixture_.station)
                    .audit()
                    .forEach([&](const provisioning::AuditEntry& entry) -> provisioning::Done {
                        if (entry.subject == spec_.id &&
                            entry.event.startsWith(QLatin1String("order.")))
                            events << entry.event + QLatin1Char(':') + entry.actor;
                        return {};
                    }));
        QCOMPARE(events, QStringList({QStringLiteral("order.add:supervisor"),
                                      QStringLiteral("order.start:supervisor"),
                                      QStringLiteral("order.hold:supervisor"),
                                      QStringLiteral("order.start:supervisor"),
                                      QStringLiteral("order.close:supervisor")}));
    }

private:
    provisioning::Outcome<provisioning::RunSummary> run(const provisioning::Principal& by,
                                                        int count) {
        auto rack = provisioning::makeSimulatedRack({2, {}, 5, 0.0});
        provisioning::RunObserver quiet;
        std::atomic<bool> cancel{false};
        return fixture_.station->line().run(by, test::orderId(spec_.id), countOf(count), *rack,
                                            quiet, cancel);
    }

    test::StationFixture fixture_;
    test::OrderSpec spec_;
    provisioning::Principal supervisor_;
    provisioning::Principal operator_;
};

QTEST_MAIN(TstOrderStates) // QApplication: closing an order draws the report (Qt Charts)
#include "tst_order_states.moc"
