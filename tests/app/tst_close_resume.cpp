// kps close tells the truth once its transaction is committed: a cancel (Ctrl-C) that
// comes while the report is written is not heeded (the order is closed, its keys are
// gone: the report is written all the same), and a close interrupted after its commit
// (the report missing) is finished by the next close, whose report verifies.
#include "kps/app/operations/close.hpp"
#include "kps/provisioning/simulated_rack.hpp"
#include "kps/reports/report_verify.hpp"
#include "order_ids.hpp"
#include "station_fixture.hpp"

#include <QApplication>

using namespace kps;
using namespace kps::provisioning;

class TstCloseResume : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        certificate_ = fixture_.path(QStringLiteral("station/public/station-signing.crt"));
    }

    void aCancelDuringTheReportIsNotHeeded() {
        const QString order = provisionedOrder(QStringLiteral("PO-CANCEL-1"), "01100000");
        std::atomic<bool> cancel{false};
        app::Progress progress;
        progress.cancel = &cancel;
        progress.onStep = [&](const QString& step, qint64, qint64) {
            if (step.startsWith(QLatin1String("report"))) // after the commit
                cancel = true;
        };
        auto closed =
            app::closeOrder(*fixture_.station, supervisor(), test::orderId(order), progress);
        QVERIFY2(closed, closed ? "" : qPrintable(closed.error().message));
        QVERIFY(cancel.load());
        QVERIFY(reports::verifyReport(closed->files.report.json, certificate_));
        QCOMPARE(stateOf(order), OrderState::Closed);
    }

    void aCloseInterruptedAfterItsCommitIsFinished() {
        const QString order = provisionedOrder(QStringLiteral("PO-RESUME-1"), "01200000");
        auto closed = app::closeOrder(*fixture_.station, supervisor(), test::orderId(order));
        QVERIFY(closed);
        const reports::ReportFiles files = closed->files.report;
        for (const QString& file : {files.json, files.pdf, files.csv}) // as a kill left it
            QVERIFY(QFile::remove(file) && QFile::remove(file + QStringLiteral(".sig")));
        auto again = app::closeOrder(*fixture_.station, supervisor(), test::orderId(order));
        QVERIFY2(again, again ? "" : qPrintable(again.error().message));
        QVERIFY(again->finishedEarlierClose);
        QVERIFY(again->destroyed.isEmpty());
        auto checked = reports::verifyReport(files.json, certificate_);
        QVERIFY2(checked, checked ? "" : qPrintable(checked.error().message()));
        QVERIFY(!checked->interim);
        auto third = app::closeOrder(*fixture_.station, supervisor(), test::orderId(order));
        QVERIFY(!third); // closed and reported: "closed already"
        QVERIFY(third.error().message.contains(QStringLiteral("closed already")));
        auto byOperator = app::closeOrder(
            *fixture_.station, fixture_.login(QStringLiteral("operator")), test::orderId(order));
        QVERIFY(!byOperator);
        QCOMPARE(byOperator.error().code, app::Refused);
    }

private:
    Principal supervisor() { return fixture_.login(QStringLiteral("supervisor")); }

    QString provisionedOrder(const QString& id, const char* first) {
        test::OrderSpec spec;
        spec.id = id;
        spec.quantity = 6;
        spec.first = QString::fromLatin1(first);
        auto& station = *fixture_.station;
        if (!station.orders().add(supervisor(), fixture_.writeOrder(spec)))
            return {};
        if (!station.orders().changeState(supervisor(), test::orderId(id), OrderState::Running))
            return {};
        auto rack = makeSimulatedRack({2, {}, 3, 0.0});
        RunObserver quiet;
        std::atomic<bool> cancel{false};
        auto run = station.line().run(fixture_.login(QStringLiteral("operator")), test::orderId(id),
                                      {2, 0, 50, {}}, *rack, quiet, cancel);
        return run && run->orderComplete ? id : QString();
    }

    OrderState stateOf(const QString& order) {
        auto records = fixture_.station->orders().records(supervisor(), test::orderId(order));
        return records ? records->record().state : OrderState::Open;
    }

    test::StationFixture fixture_;
    QString certificate_;
};

QTEST_MAIN(TstCloseResume) // QApplication: the report's PDF draws Qt Charts
#include "tst_close_resume.moc"
