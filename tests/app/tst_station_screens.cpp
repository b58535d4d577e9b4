// Screenshots of kps-station under the offscreen platform: the line view in the middle
// of a 1,000-endpoint simulated batch, the custodian ceremony with its check values (a
// customer's masters imported into the HSM by two custodians), and the auditor view
// with a report and the chain verified. Written as PNG files into $KPS_SCREENSHOT_DIR when it is
// set (docs/images/ holds the committed ones); otherwise only rendered and checked.
// $KPS_SCREENSHOT_LANG (e.g. fr) picks the language.
#include "command_runner.hpp"
#include "customer_files.hpp"
#include "kps/secure/pin.hpp"
#include "station_fixture.hpp"
#include "ui/main_window.hpp"
#include "ui/pin_edit.hpp"
#include "ui/translations.hpp"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>

using namespace kps;
using namespace kps::provisioning;

class TstStationScreens : public QObject {
    Q_OBJECT
    std::unique_ptr<test::StationFixture> fixture_;
    std::unique_ptr<app::StationHost> host_;

    std::unique_ptr<station::MainWindow> window(const char* user) {
        station::StationWindowOptions options{{true, 4, 0.01, 5, {}}, {}};
        auto made = std::make_unique<station::MainWindow>(*host_, options);
        made->resize(1280, 800);
        made->show();
        made->session().logIn(fixture_->login(QString::fromLatin1(user)));
        return made;
    }

    void save(QWidget* widget, const QString& name) {
        const QPixmap image = widget->grab();
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), widget->size());
        const QString directory = qEnvironmentVariable("KPS_SCREENSHOT_DIR");
        if (!directory.isEmpty())
            QVERIFY(image.save(directory + QLatin1Char('/') + name, "PNG"));
    }

    void confirm(station::CustodianStep* step, const char* user) {
        step->userField()->setText(QString::fromLatin1(user));
        const auto pin =
            secure::readPinFile((fixture_->station->paths().secrets() + QLatin1Char('/') +
                                 QString::fromLatin1(user) + QStringLiteral(".pin"))
                                    .toStdString());
        for (std::uint8_t byte : pin->span())
            QTest::keyClick(step->pinField(), char(byte));
        QTest::keyClick(step->pinField(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(step->custodian().has_value(), 30000);
    }

private Q_SLOTS:
    void initTestCase() {
        station::installTranslations(
            *qApp, qEnvironmentVariable("KPS_SCREENSHOT_LANG", QStringLiteral("en")));
        fixture_ = std::make_unique<test::StationFixture>();
        host_ = std::make_unique<app::StationHost>(*fixture_->station);
        const auto supervisor = fixture_->login(QStringLiteral("supervisor"));
        QVERIFY(fixture_->station->orders().add(
            supervisor,
            fixture_->writeOrder({QStringLiteral("PO-2026-0042"), QStringLiteral("manuf"), 1000,
                                  QStringLiteral("00100000")})));
        QVERIFY(fixture_->station->orders().add(
            supervisor,
            fixture_->writeOrder({QStringLiteral("PO-2026-0041"), QStringLiteral("manuf"), 40,
                                  QStringLiteral("00050000")})));
        for (const char* order : {"PO-2026-0042", "PO-2026-0041"})
            QVERIFY(
                test::releaseToLine(*fixture_->station, supervisor, QString::fromLatin1(order)));
    }

    void lineViewMidBatch() {
        auto made = window("operator");
        const station::LineModel& model = made->line().model();
        bool taken = false;
        // Past 300 endpoints, at the first moment a tile shows a failure (or at 700).
        connect(&model, &station::LineModel::slotChanged, this, [&](int slot) {
            const bool failing = model.slot(slot).phase == station::SlotState::Phase::Failed;
            if (taken || model.verified() < 300 || (!failing && model.verified() < 700))
                return;
            taken = true;
            save(made.get(), QStringLiteral("line-view.png"));
            made->line().pause();
        });
        QVERIFY(made->line().start(QStringLiteral("PO-2026-0042")));
        QTRY_VERIFY_WITH_TIMEOUT(!made->line().running(), 120000);
        QVERIFY(taken);
    }

    void ceremony() {
        auto made = window("custodian1");
        made->showTab(made->ceremonyView());
        auto* view = made->ceremonyView();
        const QString order = QStringLiteral("PO-2026-0043");
        QVERIFY(fixture_->station->orders().add(
            fixture_->login(QStringLiteral("supervisor")),
            fixture_->writeOrder(
                {order, QStringLiteral("customer-masters"), 100, QStringLiteral("00200000")})));
        const test::CustomerSide side{fixture_->path(QStringLiteral("customer/customer.key")),
                                      fixture_->path(QStringLiteral("customer/customer.crt")),
                                      fixture_->station->paths().publicCertificates() +
                                          QStringLiteral("/station-import.crt")};
        const QString bundle =
            test::sealMasters(side, order, fixture_->path(QStringLiteral("from-the-customer")));
        view->setOperation(app::CeremonyKind::ImportMasters, QFileInfo(bundle).fileName());
        QDir::setCurrent(QFileInfo(bundle).absolutePath()); // a short name on the screen
        confirm(view->step(1), "custodian1");
        confirm(view->step(2), "custodian2");
        QTest::mouseClick(view->runButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(view->checkValues()->rowCount() >= 2, 60000);
        save(made.get(), QStringLiteral("ceremony.png"));
    }

    void auditorView() {
        const QString order = QStringLiteral("PO-2026-0041");
        app::RunOrderCommand run(*host_, {fixture_->login(QStringLiteral("operator")), order, 4, 0,
                                          app::simulatedRack({4, 9, 0.02})});
        QVERIFY(test::runToEnd(run).succeeded());
        app::CloseOrderCommand close(*host_, fixture_->login(QStringLiteral("supervisor")), order);
        QVERIFY(test::runToEnd(close).succeeded());
        auto made = window("auditor");
        auto* view = made->auditorView();
        QTRY_VERIFY_WITH_TIMEOUT(!view->orders()->findItems(order, Qt::MatchExactly).isEmpty(),
                                 30000);
        QSignalSpy shown(view, &station::AuditorView::reportShown);
        view->orders()->setCurrentItem(view->orders()->findItems(order, Qt::MatchExactly).first());
        QVERIFY(shown.wait(30000));
        QVERIFY(shown.first().first().toBool()); // verified, then shown
        QVERIFY(view->reportText().contains(QLatin1String("the token was searched: none left")));
        QSignalSpy verified(view, &station::AuditorView::verified);
        view->verifyChain();
        QVERIFY(verified.wait(30000));
        QVERIFY(verified.first().first().toBool());
        save(made.get(), QStringLiteral("auditor-view.png"));
    }
};

QTEST_MAIN(TstStationScreens)
#include "tst_station_screens.moc"
