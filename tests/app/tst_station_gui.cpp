// kps-station driven like an operator would (offscreen): login and the views each role
// gets, a simulated order run from the Orders view to PASS tiles, a scanned label
// matched to its slot, an unplugged probe turning its tile red with an alarm that only a
// supervisor's PIN acknowledges, and the auditor's report and chain verification.
#include "faulty_rack.hpp"
#include "kps/secure/pin.hpp"
#include "station_fixture.hpp"
#include "ui/main_window.hpp"
#include "ui/pin_edit.hpp"
#include "ui/slot_tile.hpp"

#include <QApplication>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>

using namespace kps;
using namespace kps::provisioning;

class TstStationGui : public QObject {
    Q_OBJECT
    std::unique_ptr<test::StationFixture> fixture_;
    std::unique_ptr<app::StationHost> host_;

    std::unique_ptr<station::MainWindow> window(app::RackFactory rack = {}) {
        station::StationWindowOptions options{{true, 4, 0.0, 11, std::move(rack)}, {}};
        auto made = std::make_unique<station::MainWindow>(*host_, options);
        made->orderView()->setConfirm([](const QString&, const QString&) { return true; });
        made->show();
        QApplication::setActiveWindow(made.get());
        if (!QTest::qWaitForWindowActive(made.get()))
            qWarning("the window did not become active");
        return made;
    }

    void typePin(QWidget* field, const QString& user) {
        const auto pin = secure::readPinFile((fixture_->station->paths().secrets() +
                                              QLatin1Char('/') + user + QStringLiteral(".pin"))
                                                 .toStdString());
        for (std::uint8_t byte : pin->span())
            QTest::keyClick(field, char(byte));
    }

    /// Types the user (as a badge scanner would: text + Enter) and the PIN, then Enter.
    bool logIn(station::MainWindow& window, const QString& user) {
        auto* page = window.loginPage();
        QTest::keyClicks(page->userField(), user);
        QTest::keyClick(page->userField(), Qt::Key_Return);
        if (window.isActiveWindow() && !page->pinField()->hasFocus()) {
            qWarning("the PIN field did not take the focus after Enter");
            return false;
        }
        typePin(page->pinField(), user);
        QSignalSpy attempted(page, &station::LoginPage::attempted);
        QTest::keyClick(page->pinField(), Qt::Key_Return);
        const bool ok = attempted.wait(30000) && attempted.first().first().toBool();
        if (!ok)
            qWarning("%s", qPrintable(page->status()));
        return ok;
    }

    void registerOrder(const test::OrderSpec& spec) {
        auto made = window();
        QVERIFY(logIn(*made, QStringLiteral("supervisor")));
        made->orderView()->openOrderFile(fixture_->writeOrder(spec));
        QTRY_VERIFY_WITH_TIMEOUT(made->state().order(spec.id) != nullptr, 30000);
        QCOMPARE(made->orderView()->selectedOrder(), spec.id);
        QVERIFY(made->orderView()->details().contains(QLatin1String("amr-reference-v1")));
        QVERIFY(made->orderView()->details().contains(QLatin1String("manuf")));
        // Registered orders are open: the supervisor releases it to the operators' line.
        auto* release =
            made->orderView()->findChild<QPushButton*>(QStringLiteral("releaseOrderButton"));
        QTRY_VERIFY_WITH_TIMEOUT(release->isEnabled(), 30000);
        QCOMPARE(release->text(), QStringLiteral("Release to line"));
        QTest::mouseClick(release, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(made->state().order(spec.id)->state == OrderState::Running, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(release->text(), QStringLiteral("Hold order"), 30000);
    }

private Q_SLOTS:
    void initTestCase() {
        fixture_ = std::make_unique<test::StationFixture>();
        host_ = std::make_unique<app::StationHost>(*fixture_->station);
    }

    void loginShowsWhatTheRoleMayUse() {
        auto made = window();
        QVERIFY(logIn(*made, QStringLiteral("operator")));
        QCOMPARE(made->visibleTabs(),
                 (QStringList{QStringLiteral("Line"), QStringLiteral("Orders")}));
        QVERIFY(made->orderView()
                    ->findChild<QPushButton*>(QStringLiteral("openOrderButton"))
                    ->isHidden());
        made->logOut();
        QVERIFY(logIn(*made, QStringLiteral("auditor")));
        QCOMPARE(made->visibleTabs(), QStringList{QStringLiteral("Audit")});
        made->logOut();
        QVERIFY(logIn(*made, QStringLiteral("custodian2")));
        QCOMPARE(made->visibleTabs(),
                 (QStringList{QStringLiteral("Orders"), QStringLiteral("Ceremony")}));
        made->logOut();
        QVERIFY(logIn(*made, QStringLiteral("supervisor")));
        QCOMPARE(made->visibleTabs(), (QStringList{QStringLiteral("Line"), QStringLiteral("Orders"),
                                                   QStringLiteral("Audit")}));
        made->logOut();
    }

    void badgeLogsInAndAWrongPinDoesNot() {
        auto made = window();
        // A badge: the scanner types it and Enter, the user types the PIN.
        auto pin = secure::SecretBytes::copyOf(
            {reinterpret_cast<const std::uint8_t*>("246810"), std::size_t(6)});
        QVERIFY(fixture_->station->users().add(fixture_->login(QStringLiteral("admin")),
                                               QStringLiteral("ana"), Role::Operator,
                                               QStringLiteral("BADGE-0042"), pin));
        QTest::keyClicks(made->loginPage()->userField(), QStringLiteral("BADGE-0042"));
        QTest::keyClick(made->loginPage()->userField(), Qt::Key_Return);
        QTest::keyClicks(made->loginPage()->pinField(), QStringLiteral("246810"));
        QTest::keyClick(made->loginPage()->pinField(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(made->session().loggedIn(), 30000);
        QCOMPARE(made->session().principal()->user, QStringLiteral("ana"));
        made->logOut();
        // A wrong PIN: refused, still at the login screen.
        auto* page = made->loginPage();
        QTest::keyClicks(page->userField(), QStringLiteral("operator"));
        QTest::keyClick(page->userField(), Qt::Key_Return);
        QTest::keyClicks(page->pinField(), QStringLiteral("not-the-pin"));
        QSignalSpy attempted(page, &station::LoginPage::attempted);
        QTest::keyClick(page->pinField(), Qt::Key_Return);
        QVERIFY(attempted.wait(30000));
        QVERIFY(!attempted.first().first().toBool());
        QVERIFY(page->status().contains(QLatin1String("wrong PIN")));
        QVERIFY(!made->session().loggedIn());
        QCOMPARE(page->pinField()->length(), std::size_t(0));
    }

    void simulatedOrderEndsInPassTiles() {
        registerOrder({QStringLiteral("PO-GUI-0001"), QStringLiteral("manuf"), 24,
                       QStringLiteral("00010000")});
        auto made = window();
        QVERIFY(logIn(*made, QStringLiteral("operator")));
        QTRY_VERIFY_WITH_TIMEOUT(made->state().order(QStringLiteral("PO-GUI-0001")), 30000);
        made->orderView()->selectOrder(QStringLiteral("PO-GUI-0001"));
        auto* start =
            made->orderView()->findChild<QPushButton*>(QStringLiteral("startOrderButton"));
        QTRY_VERIFY_WITH_TIMEOUT(start->isEnabled(), 30000);
        QTest::mouseClick(start, Qt::LeftButton);
        QCOMPARE(made->tabs()->currentWidget(), made->lineView());
        QTRY_VERIFY_WITH_TIMEOUT(!made->line().running(), 60000);
        for (int slot = 1; slot <= 4; ++slot) {
            QCOMPARE(made->lineView()->tile(slot)->phase(), QStringLiteral("pass"));
            QVERIFY(made->lineView()->tile(slot)->caption().contains(QLatin1String("PASS")));
        }
        auto* progress =
            made->lineView()->findChild<QProgressBar*>(QStringLiteral("orderProgress"));
        QCOMPARE(progress->value(), 24);
        QCOMPARE(progress->maximum(), 24);
        QVERIFY(made->lineView()->countersText().contains(QLatin1String("Verified 24")));
        QVERIFY(made->lineView()->countersText().contains(QLatin1String("Yield 100.0")));
        // A scanner types the label of the endpoint in slot 3 and Enter.
        const QString label = made->line().model().slot(3).address;
        QTest::keyClicks(made->lineView()->scanField(), label.toLower());
        QTest::keyClick(made->lineView()->scanField(), Qt::Key_Return);
        QVERIFY(made->lineView()->scanResult().contains(QStringLiteral("slot 3")));
        QVERIFY(made->lineView()->tile(3)->matched());
        QVERIFY(!made->lineView()->tile(1)->matched());
        QTRY_COMPARE_WITH_TIMEOUT(made->alarms()->openCount(), 1, 30000); // quantity reached
    }

    void unpluggedProbeTurnsItsTileRed() {
        registerOrder({QStringLiteral("PO-GUI-0002"), QStringLiteral("manuf"), 16,
                       QStringLiteral("00020000")});
        auto made = window(test::rackWithUnpluggedSlot(4, 2));
        QVERIFY(logIn(*made, QStringLiteral("operator")));
        QTRY_VERIFY_WITH_TIMEOUT(made->state().order(QStringLiteral("PO-GUI-0002")), 30000);
        QSignalSpy started(&made->line(), &station::LineController::started);
        QVERIFY(made->line().start(QStringLiteral("PO-GUI-0002")));
        QTRY_VERIFY_WITH_TIMEOUT(!made->line().running(), 60000);
        auto* tile = made->lineView()->tile(2);
        QCOMPARE(tile->phase(), QStringLiteral("fail"));
        QVERIFY(tile->caption().contains(QLatin1String("FAIL")));
        QVERIFY(tile->caption().contains(QLatin1String("probe-missing")));
        QCOMPARE(made->lineView()->tile(1)->phase(), QStringLiteral("pass"));
        QCOMPARE(made->line().model().slot(2).failed, 5); // 5 attaches in a row, then it stops
        QCOMPARE(made->line().model().failed(), 0);       // no endpoint (address) failed
        QCOMPARE(made->line().model().verified(), 16);
        // Open alarms: the one of the previous test, this slot, this order's quantity.
        QTRY_COMPARE_WITH_TIMEOUT(made->alarms()->openCount(), 3, 30000);
        // The operator cannot acknowledge; a supervisor badges in with a PIN.
        auto* alarms = made->alarms();
        alarms->list()->setCurrentRow(1);
        QVERIFY(alarms->list()->currentItem()->text().contains(QLatin1String("slot 2")));
        QVERIFY(alarms->supervisorField()->isVisibleTo(alarms));
        alarms->supervisorField()->setText(QStringLiteral("operator"));
        typePin(alarms->supervisorPin(), QStringLiteral("operator"));
        alarms->acknowledge();
        QTRY_VERIFY_WITH_TIMEOUT(alarms->status().contains(QLatin1String("may not")), 30000);
        QCOMPARE(alarms->openCount(), 3);
        alarms->list()->setCurrentRow(1);
        alarms->supervisorField()->setText(QStringLiteral("supervisor"));
        typePin(alarms->supervisorPin(), QStringLiteral("supervisor"));
        alarms->acknowledge();
        QTRY_COMPARE_WITH_TIMEOUT(alarms->openCount(), 2, 30000);
        QVERIFY(alarms->status().contains(QLatin1String("acknowledged by supervisor")));
    }

    void auditorSeesTheReportAndVerifiesTheChain() {
        {
            auto made = window();
            QVERIFY(logIn(*made, QStringLiteral("supervisor")));
            QTRY_VERIFY_WITH_TIMEOUT(made->state().order(QStringLiteral("PO-GUI-0001")), 30000);
            made->orderView()->selectOrder(QStringLiteral("PO-GUI-0001"));
            made->orderView()->closeSelected();
            QTRY_VERIFY_WITH_TIMEOUT(made->orderView()->status().contains(QLatin1String("closed")),
                                     60000);
        }
        const QString exports = fixture_->station->paths().exportsOf(QStringLiteral("PO-GUI-0001"));
        QFile pdf(exports + QStringLiteral("/PO-GUI-0001-report.pdf"));
        QVERIFY(pdf.exists() || pdf.open(QIODevice::WriteOnly)); // the PDF, or a stand-in
        pdf.close();
        auto made = window();
        QVERIFY(logIn(*made, QStringLiteral("auditor")));
        auto* view = made->auditorView();
        QUrl opened;
        view->setOpener([&](const QUrl& url) {
            opened = url;
            return true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(
            !view->orders()->findItems(QStringLiteral("PO-GUI-0001"), Qt::MatchExactly).isEmpty(),
            30000);
        QSignalSpy shown(view, &station::AuditorView::reportShown);
        view->orders()->setCurrentItem(
            view->orders()->findItems(QStringLiteral("PO-GUI-0001"), Qt::MatchExactly).first());
        QVERIFY(shown.wait(30000)); // verified first, then shown
        QVERIFY(shown.first().first().toBool());
        QVERIFY(view->reportText().contains(QLatin1String("24")));
        QVERIFY(view->reportText().contains(QLatin1String("Audit head")));
        QVERIFY(view->openPdfButton()->isEnabled());
        QTest::mouseClick(view->openPdfButton(), Qt::LeftButton);
        QCOMPARE(opened, QUrl::fromLocalFile(pdf.fileName()));
        QSignalSpy verified(view, &station::AuditorView::verified);
        QTest::mouseClick(view->findChild<QPushButton*>(QStringLiteral("verifyAuditButton")),
                          Qt::LeftButton);
        QVERIFY(verified.wait(30000));
        QVERIFY(verified.first().first().toBool());
        QVERIFY(view->verificationText().contains(QLatin1String("intact")));
    }
};

QTEST_MAIN(TstStationGui)
#include "tst_station_gui.moc"
