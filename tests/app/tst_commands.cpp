// The command objects the GUI drives: a simulated run reported as signals on the GUI
// thread, a pause that leaves every endpoint recorded and a resume that completes the
// order, the station's gate (commands wait while the line runs), close and audit check.
#include "command_runner.hpp"
#include "kps/app/commands/login_command.hpp"
#include "kps/app/commands/run_order_command.hpp"
#include "kps/app/commands/station_commands.hpp"
#include "kps/provisioning/testing/station_internals.hpp"
#include "kps/secure/pin.hpp"
#include "order_ids.hpp"
#include "station_fixture.hpp"

#include <QFile>
#include <QSqlQuery>
#include <QThread>

using namespace kps;
using namespace kps::provisioning;

class TstCommands : public QObject {
    Q_OBJECT
    std::unique_ptr<test::StationFixture> fixture_;
    std::unique_ptr<app::StationHost> host_;

    Principal login(const char* name) { return fixture_->login(QString::fromLatin1(name)); }

    QString addOrder(const QString& id, int quantity, const QString& first) {
        auto added = fixture_->station->orders().add(
            login("supervisor"),
            fixture_->writeOrder({id, QStringLiteral("manuf"), quantity, first}));
        if (!added || !test::releaseToLine(*fixture_->station, login("supervisor"), id))
            qFatal("order %s was not registered and released", qPrintable(id));
        return id;
    }

    app::RunRequest runOf(const QString& orderId, int slots, int count = 0) {
        return {login("operator"), orderId, slots, count, app::simulatedRack({slots, 3, 0.0})};
    }

private Q_SLOTS:
    void initTestCase() {
        fixture_ = std::make_unique<test::StationFixture>();
        host_ = std::make_unique<app::StationHost>(*fixture_->station);
    }

    void runReportsEveryEndpointOnTheGuiThread() {
        const QString order =
            addOrder(QStringLiteral("PO-CMD-0001"), 12, QStringLiteral("00010000"));
        app::RunOrderCommand run(*host_, runOf(order, 3));
        QSignalSpy opened(&run, &app::RunOrderCommand::orderOpened);
        QSignalSpy steps(&run, &app::RunOrderCommand::slotStep);
        QSignalSpy results(&run, &app::RunOrderCommand::endpointFinished);
        QSignalSpy progress(&run, &app::Command::progress);
        bool offThread = false;
        connect(
            &run, &app::RunOrderCommand::endpointFinished, this,
            [&] { offThread |= QThread::currentThread() != thread(); }, Qt::DirectConnection);
        const app::CommandReport report = test::runToEnd(run);
        QVERIFY2(report.succeeded(), qPrintable(report.details));
        QVERIFY(report.overview.contains(QLatin1String("12 verified")));
        QVERIFY(!offThread);
        QCOMPARE(opened.size(), 1);
        QCOMPARE(opened.first().at(1).toLongLong(), 12);
        QCOMPARE(results.size(), 12);
        QSet<QString> addresses;
        for (const auto& signal : results) {
            const auto result = signal.first().value<EndpointResult>();
            QVERIFY(result.verified);
            QVERIFY(result.slot >= 1 && result.slot <= 3);
            addresses.insert(result.address);
        }
        QCOMPARE(addresses.size(), 12);
        QSet<int> slotsSeen; // steps are coalesced: the latest of each slot per GUI event
        for (const auto& signal : steps)
            slotsSeen.insert(signal.first().toInt());
        QCOMPARE(slotsSeen, (QSet<int>{1, 2, 3}));
        QCOMPARE(progress.last().at(0).toLongLong(), 12);
        QCOMPARE(progress.last().at(1).toLongLong(), 12);
        QVERIFY(run.outcome()->summary->orderComplete);
        QCOMPARE(run.outcome()->recorded.size(), std::size_t(1)); // quota reached
        QCOMPARE(run.outcome()->recorded.front().notice.kind, AlarmKind::Quota);
        QCOMPARE(fixture_->station->orders().find(test::orderId(order))->verified, 12u);
    }

    void pauseRecordsEverythingAndResumeCompletes() {
        const QString order =
            addOrder(QStringLiteral("PO-CMD-0002"), 400, QStringLiteral("00020000"));
        app::RunOrderCommand first(*host_, runOf(order, 4));
        connect(&first, &app::RunOrderCommand::endpointFinished, &first, &app::Command::cancel);
        const app::CommandReport paused = test::runToEnd(first);
        QCOMPARE(paused.status, app::CommandReport::Status::Cancelled);
        const auto afterPause = *fixture_->station->orders().find(test::orderId(order));
        QVERIFY(afterPause.verified >= 1 && afterPause.verified < 400);
        QCOMPARE(
            fixture_->station->orders().show(login("supervisor"), test::orderId(order))->inProgress,
            0);
        app::RunOrderCommand second(*host_, runOf(order, 4));
        QVERIFY(test::runToEnd(second).succeeded());
        QCOMPARE(fixture_->station->orders().find(test::orderId(order))->verified, 400u);
    }

    void commandsWaitForTheRunningLine() {
        const QString order =
            addOrder(QStringLiteral("PO-CMD-0003"), 600, QStringLiteral("00030000"));
        app::RunOrderCommand run(*host_, runOf(order, 2));
        QSignalSpy results(&run, &app::RunOrderCommand::endpointFinished);
        run.start();
        QVERIFY(results.wait(60000)); // the run holds the station now
        auto pin = secure::readPinFile(
            (fixture_->station->paths().secrets() + QStringLiteral("/auditor.pin")).toStdString());
        app::LoginCommand login(*host_, QStringLiteral("auditor"), std::move(*pin));
        QSignalSpy waiting(&login, &app::Command::waiting);
        QSignalSpy loggedIn(&login, &app::Command::finished);
        login.start();
        QVERIFY(waiting.wait(10000));
        QCOMPARE(loggedIn.size(), 0);
        run.cancel();
        const app::CommandReport report = test::runToEnd(login);
        QVERIFY(report.succeeded());
        QCOMPARE(login.principal()->role, Role::Auditor);
        QVERIFY(!run.isRunning());
    }

    void onlyASupervisorHoldsAndReleasesAnOrder() {
        const QString order =
            addOrder(QStringLiteral("PO-CMD-0005"), 3, QStringLiteral("00050000"));
        app::ChangeOrderStateCommand byOperator(*host_, login("operator"), order, OrderState::Open);
        QCOMPARE(test::runToEnd(byOperator).error->code, app::Refused);
        QCOMPARE(fixture_->station->orders().find(test::orderId(order))->state,
                 OrderState::Running);
        app::ChangeOrderStateCommand hold(*host_, login("supervisor"), order, OrderState::Open);
        QVERIFY(test::runToEnd(hold).succeeded());
        QCOMPARE(fixture_->station->orders().find(test::orderId(order))->state, OrderState::Open);
        app::RunOrderCommand held(*host_, runOf(order, 2)); // an operator: refused on hold
        QCOMPARE(test::runToEnd(held).error->code, app::Refused);
        QCOMPARE(fixture_->station->orders().find(test::orderId(order))->verified, 0);
        app::ChangeOrderStateCommand release(*host_, login("supervisor"), order,
                                             OrderState::Running);
        QVERIFY(test::runToEnd(release).succeeded());
        app::RunOrderCommand run(*host_, runOf(order, 2));
        QVERIFY(test::runToEnd(run).succeeded());
        QCOMPARE(fixture_->station->orders().find(test::orderId(order))->verified, 3);
    }

    void probesThatCannotOpenStopTheRunBeforeAnyEndpoint() {
        const QString order =
            addOrder(QStringLiteral("PO-CMD-0006"), 2, QStringLiteral("00060000"));
        const QString twice = QStringLiteral("KPS-NO-SUCH-PROBE");
        app::RunOrderCommand duplicate(
            *host_, {login("operator"), order, 2, 0, app::probeRack({twice, twice})});
        const auto refused = test::runToEnd(duplicate);
        QCOMPARE(refused.error->code, app::BadInput);
        QVERIFY(refused.details.contains(QLatin1String("no serial twice")));
        app::RunOrderCommand missing(*host_,
                                     {login("operator"), order, 1, 0, app::probeRack({twice})});
        QVERIFY(!test::runToEnd(missing).succeeded()); // not on USB (or no USB at all)
        const auto record = fixture_->station->orders().find(test::orderId(order));
        QCOMPARE(record->issued, 0);
        QCOMPARE(record->verified, 0);
    }

    void closeExportsAndAuditVerifies() {
        const QString order =
            addOrder(QStringLiteral("PO-CMD-0004"), 5, QStringLiteral("00040000"));
        app::RunOrderCommand run(*host_, runOf(order, 2));
        QVERIFY(test::runToEnd(run).succeeded());
        app::CloseOrderCommand byOperator(*host_, login("operator"), order);
        const auto refused = test::runToEnd(byOperator);
        QCOMPARE(refused.error->code, app::Refused);
        app::CloseOrderCommand close(*host_, login("supervisor"), order);
        const auto closed = test::runToEnd(close);
        QVERIFY2(closed.succeeded(), qPrintable(closed.details));
        QVERIFY(QFile::exists(close.summary()->files.listing));
        QCOMPARE(close.summary()->endpoints, 5);
        app::VerifyAuditCommand verify(*host_, login("auditor"));
        const auto intact = test::runToEnd(verify);
        QVERIFY(intact.succeeded());
        QVERIFY(verify.verification()->rows() > 10);
        QVERIFY(verify.verification()->intact());
    }

    void auditCheckNamesATamperedRow() {
        QSqlQuery tamper(kps::provisioning::StationInternals::store(*fixture_->station).database());
        QVERIFY(tamper.exec(QStringLiteral("UPDATE audit SET actor = 'mallory' WHERE seq = 3")));
        app::VerifyAuditCommand verify(*host_, login("supervisor"));
        const auto broken = test::runToEnd(verify);
        QVERIFY(!broken.succeeded());
        QVERIFY(broken.overview.contains(QLatin1String("row 3")));
        QCOMPARE(verify.verification()->broken()->firstBroken, 3);
        app::VerifyAuditCommand byOperator(*host_, login("operator"));
        QCOMPARE(test::runToEnd(byOperator).error->code, app::Refused);
    }
};

QTEST_MAIN(TstCommands) // closing an order draws the report's charts
#include "tst_commands.moc"
