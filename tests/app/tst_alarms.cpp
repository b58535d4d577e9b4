// Alarms: a slot whose probe is unplugged raises a jig alarm (recorded and audited when
// the run returns); only a supervisor may acknowledge it, once; the HSM failing raises
// an hsm alarm; the audit chain stays intact throughout.
#include "command_runner.hpp"
#include "faulty_rack.hpp"
#include "kps/app/commands/alarm_commands.hpp"
#include "kps/app/commands/run_order_command.hpp"
#include "kps/provisioning/testing/station_internals.hpp"
#include "kps/secure/pin.hpp"
#include "order_ids.hpp"
#include "station_fixture.hpp"

using namespace kps;
using namespace kps::provisioning;

class TstAlarms : public QObject {
    Q_OBJECT
    std::unique_ptr<test::StationFixture> fixture_;
    std::unique_ptr<app::StationHost> host_;
    std::optional<Principal> supervisor_;

    Principal login(const char* name) { return fixture_->login(QString::fromLatin1(name)); }
    Outcome<std::vector<AlarmRecord>> openAlarms() {
        return fixture_->station->line().openAlarms(*supervisor_);
    }
    Store& store() { return StationInternals::store(*fixture_->station); }
    secure::SecretBytes pinOf(const char* name) {
        return std::move(
            *secure::readPinFile((fixture_->station->paths().secrets() + QLatin1Char('/') +
                                  QString::fromLatin1(name) + QStringLiteral(".pin"))
                                     .toStdString()));
    }

private Q_SLOTS:
    void initTestCase() {
        fixture_ = std::make_unique<test::StationFixture>();
        host_ = std::make_unique<app::StationHost>(*fixture_->station);
        supervisor_ = login("supervisor");
    }

    void unpluggedProbeRaisesAJigAlarm() {
        const QString order = QStringLiteral("PO-ALARM-0001");
        QVERIFY(fixture_->station->orders().add(
            login("supervisor"), fixture_->writeOrder({order, QStringLiteral("manuf"), 20})));
        QVERIFY(test::releaseToLine(*fixture_->station, login("supervisor"), order));
        app::RunOrderCommand run(
            *host_, {login("operator"), order, 3, 0, test::rackWithUnpluggedSlot(3, 2)});
        QSignalSpy live(&run, &app::RunOrderCommand::alarmRaised);
        const auto report = test::runToEnd(run);
        QVERIFY2(report.succeeded(), qPrintable(report.details));
        QCOMPARE(live.size(), 1);
        const auto notice = live.first().first().value<AlarmNotice>();
        QCOMPARE(notice.kind, AlarmKind::Jig);
        QCOMPARE(notice.slot, 2);
        QCOMPARE(run.outcome()->summary->verified, 20);
        // Slot 2 stops after 5 attaches in a row found no endpoint; no address was used.
        QCOMPARE(run.outcome()->summary->failed, 0);
        QCOMPARE(fixture_->station->orders().find(test::orderId(order))->failed, 0);
        QCOMPARE(run.outcome()->recorded.size(), std::size_t(2)); // jig + quota
        auto open = openAlarms();
        QCOMPARE(open->size(), std::size_t(2));
        QCOMPARE(open->front().notice.kind, AlarmKind::Jig);
        QCOMPARE(open->front().notice.slot, 2);
        QCOMPARE(open->front().raisedBy, QStringLiteral("operator"));
        QCOMPARE(test::auditCount(store(), QStringLiteral("alarm.raised")), 2);
    }

    void onlyASupervisorAcknowledgesOnce() {
        const qint64 id = openAlarms()->front().id;
        const int refusedBefore = test::auditCount(store(), QStringLiteral("refused"));
        app::AcknowledgeAlarmCommand byOperator(*host_, app::Acting::as(login("operator")), id, {});
        QCOMPARE(test::runToEnd(byOperator).error->code, app::Refused);
        QCOMPARE(test::auditCount(store(), QStringLiteral("refused")), refusedBefore + 1);
        app::AcknowledgeAlarmCommand wrongPin(
            *host_, app::Acting::withPin(QStringLiteral("supervisor"), pinOf("operator")), id, {});
        QCOMPARE(test::runToEnd(wrongPin).error->code, app::Refused);
        QCOMPARE(openAlarms()->size(), std::size_t(2));

        app::AcknowledgeAlarmCommand bySupervisor(
            *host_, app::Acting::withPin(QStringLiteral("supervisor"), pinOf("supervisor")), id,
            QStringLiteral("probe re-plugged"));
        const auto done = test::runToEnd(bySupervisor);
        QVERIFY2(done.succeeded(), qPrintable(done.details));
        QCOMPARE(bySupervisor.openAlarms().size(), std::size_t(1));
        const auto record = *alarm(store(), id);
        QCOMPARE(record->acknowledgedBy, QStringLiteral("supervisor"));
        QCOMPARE(record->note, QStringLiteral("probe re-plugged"));

        auto again = fixture_->station->line().acknowledgeAlarm(login("supervisor"), id, {});
        QVERIFY(!again);
        QCOMPARE(again.error().kind, ErrorKind::Refused);
        QCOMPARE(test::auditCount(store(), QStringLiteral("alarm.acknowledged")), 1);
        QVERIFY(fixture_->station->audit().verify(login("auditor"))->intact());
    }

    void unknownAlarmIsBadInput() {
        auto missing = fixture_->station->line().acknowledgeAlarm(login("supervisor"), 999, {});
        QVERIFY(!missing);
        QCOMPARE(missing.error().kind, ErrorKind::BadInput);
    }

    void hsmFailureRaisesAnHsmAlarm() {
        const QString order = QStringLiteral("PO-ALARM-0002");
        QVERIFY(fixture_->station->orders().add(
            login("supervisor"),
            fixture_->writeOrder({order, QStringLiteral("manuf"), 5, QStringLiteral("00090000")})));
        QVERIFY(test::releaseToLine(*fixture_->station, login("supervisor"), order));
        // The order's KEKs vanish from the token: every HSM session the line opens fails.
        QVERIFY(kps::provisioning::StationInternals::vault(*fixture_->station)
                    .destroyOrderObjects(order));
        app::RunOrderCommand run(*host_,
                                 {login("operator"), order, 2, 0, app::simulatedRack({2, 5, 0.0})});
        const auto report = test::runToEnd(run);
        QVERIFY(!report.succeeded());
        QCOMPARE(report.error->code, app::DeviceFailure);
        bool hsm = false;
        for (const AlarmRecord& record : run.outcome()->recorded)
            hsm |= record.notice.kind == AlarmKind::Hsm;
        QVERIFY2(hsm, qPrintable(report.details));
    }
};

QTEST_GUILESS_MAIN(TstAlarms)
#include "tst_alarms.moc"
