// Dual control in the custodian ceremony: the command refuses the same custodian twice
// and anyone who is not a key custodian before key custody is asked anything (and the
// refusal is audited); the ceremony screen makes two different custodians log in one
// after the other and shows names and check values only; with the station's own key
// custody, a customer's masters go into the HSM and are destroyed again through it.
#include "command_runner.hpp"
#include "customer_files.hpp"
#include "fake_custody.hpp"
#include "kps/provisioning/testing/station_internals.hpp"
#include "kps/secure/pin.hpp"
#include "station_fixture.hpp"
#include "ui/ceremony_view.hpp"
#include "ui/pin_edit.hpp"

#include <QJsonArray>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>

using namespace kps;
using namespace kps::provisioning;

class TstCeremony : public QObject {
    Q_OBJECT
    std::unique_ptr<test::StationFixture> fixture_;
    std::unique_ptr<app::StationHost> host_;

    Principal login(const char* name) { return fixture_->login(QString::fromLatin1(name)); }

    void typePin(QWidget* field, const char* user) {
        const auto pin =
            secure::readPinFile((fixture_->station->paths().secrets() + QLatin1Char('/') +
                                 QString::fromLatin1(user) + QStringLiteral(".pin"))
                                    .toStdString());
        for (std::uint8_t byte : pin->span())
            QTest::keyClick(field, char(byte));
    }

    void confirm(station::CustodianStep* step, const char* user) {
        step->userField()->setText(QString::fromLatin1(user));
        typePin(step->pinField(), user);
        QTest::keyClick(step->pinField(), Qt::Key_Return);
    }

    app::CommandReport ceremony(test::FakeCustody& custody, const char* first, const char* second) {
        app::CeremonyCommand command(
            *host_, std::shared_ptr<app::KeyCustody>(&custody, [](app::KeyCustody*) {}),
            {app::CeremonyKind::ImportMasters,
             {login(first), login(second)},
             QStringLiteral("masters.json")});
        return test::runToEnd(command);
    }

private Q_SLOTS:
    void initTestCase() {
        fixture_ = std::make_unique<test::StationFixture>();
        host_ = std::make_unique<app::StationHost>(*fixture_->station);
    }

    void commandRefusesTheSameCustodianTwice() {
        test::FakeCustody custody;
        const int refused =
            test::auditCount(kps::provisioning::StationInternals::store(*fixture_->station),
                             QStringLiteral("refused"));
        const auto report = ceremony(custody, "custodian1", "custodian1");
        QCOMPARE(report.error->code, app::Refused);
        QVERIFY(report.details.contains(QLatin1String("two different key custodians")));
        QVERIFY(custody.calls.empty());
        QCOMPARE(test::auditCount(kps::provisioning::StationInternals::store(*fixture_->station),
                                  QStringLiteral("refused")),
                 refused + 1);
    }

    void commandRefusesANonCustodian() {
        test::FakeCustody custody;
        QCOMPARE(ceremony(custody, "custodian1", "operator").error->code, app::Refused);
        QCOMPARE(ceremony(custody, "supervisor", "custodian2").error->code, app::Refused);
        QVERIFY(custody.calls.empty());
    }

    void commandRunsWithTwoDifferentCustodians() {
        test::FakeCustody custody;
        const auto report = ceremony(custody, "custodian1", "custodian2");
        QVERIFY2(report.succeeded(), qPrintable(report.details));
        QCOMPARE(custody.calls.size(), std::size_t(1));
        QCOMPARE(custody.calls[0].first, QStringLiteral("custodian1"));
        QCOMPARE(custody.calls[0].second, QStringLiteral("custodian2"));
        QVERIFY(report.details.contains(QLatin1String("DATA_MASTER  KCV 1a2b3c")));
    }

    void screenNeedsTwoDifferentCustodians() {
        auto custody = std::make_shared<test::FakeCustody>();
        station::CeremonyView view(*host_, custody);
        view.show();
        view.setOperation(app::CeremonyKind::ImportMasters, QStringLiteral("masters.json"));
        QVERIFY(!view.step(2)->isEnabled());
        confirm(view.step(1), "custodian1");
        QTRY_VERIFY_WITH_TIMEOUT(view.step(1)->custodian().has_value(), 30000);
        QVERIFY(view.step(2)->isEnabled());
        QVERIFY(!view.runButton()->isEnabled());

        confirm(view.step(2), "custodian1"); // the same person again
        QVERIFY(view.step(2)->status().contains(QLatin1String("second, different")));
        QVERIFY(!view.step(2)->custodian());
        QVERIFY(!view.runButton()->isEnabled());

        confirm(view.step(2), "operator"); // not a custodian
        QTRY_VERIFY_WITH_TIMEOUT(
            view.step(2)->status().contains(QLatin1String("not a key custodian")), 30000);
        QVERIFY(!view.step(2)->custodian());
        QVERIFY(!view.runButton()->isEnabled());

        view.step(2)->userField()->clear();
        confirm(view.step(2), "custodian2");
        QTRY_VERIFY_WITH_TIMEOUT(view.step(2)->custodian().has_value(), 30000);
        QVERIFY(view.runButton()->isEnabled());
        QTest::mouseClick(view.runButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(view.checkValues()->rowCount(), 2, 30000);
        QCOMPARE(view.checkValues()->item(0, 0)->text(), QStringLiteral("DATA_MASTER"));
        QCOMPARE(view.checkValues()->item(0, 1)->text(), QStringLiteral("1a2b3c"));
        QCOMPARE(custody->calls.size(), std::size_t(1));
        QCOMPARE(custody->calls[0].first, QStringLiteral("custodian1"));
        QCOMPARE(custody->calls[0].second, QStringLiteral("custodian2"));
        QCOMPARE(custody->calls[0].target, QStringLiteral("masters.json"));
        // Another ceremony needs both custodians again.
        QVERIFY(!view.step(1)->custodian() && !view.step(2)->custodian());
        QVERIFY(!view.runButton()->isEnabled());
    }

    void screenImportsAndDestroysRealMasters() {
        const QString order = QStringLiteral("PO-CEREMONY-0001");
        test::OrderSpec spec{order, QStringLiteral("customer-masters"), 4,
                             QStringLiteral("00070000")};
        QVERIFY(fixture_->station->orders().add(login("supervisor"), fixture_->writeOrder(spec)));
        const test::CustomerSide side{fixture_->path(QStringLiteral("customer/customer.key")),
                                      fixture_->path(QStringLiteral("customer/customer.crt")),
                                      fixture_->station->paths().publicCertificates() +
                                          QStringLiteral("/station-import.crt")};
        const QString file =
            test::sealMasters(side, order, fixture_->path(QStringLiteral("bundle")));
        station::CeremonyView view(*host_, app::stationKeyCustody());
        view.show();
        view.setOperation(app::CeremonyKind::ImportMasters, file);
        confirm(view.step(1), "custodian2");
        QTRY_VERIFY_WITH_TIMEOUT(view.step(1)->custodian().has_value(), 30000);
        confirm(view.step(2), "custodian1");
        QTRY_VERIFY_WITH_TIMEOUT(view.step(2)->custodian().has_value(), 30000);
        QTest::mouseClick(view.runButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(view.status().contains(QLatin1String("imported")), 60000);
        const QJsonArray masters = QJsonDocument::fromJson(test::readBytes(file))
                                       .object()[QLatin1String("masters")]
                                       .toArray();
        QCOMPARE(view.checkValues()->rowCount(), int(masters.size()));
        for (int row = 0; row < int(masters.size()); ++row) {
            QCOMPARE(view.checkValues()->item(row, 0)->text(),
                     QStringLiteral("order:%1:%2")
                         .arg(order, masters[row][QLatin1String("name")].toString()));
            QCOMPARE(view.checkValues()->item(row, 1)->text(),
                     masters[row][QLatin1String("kcv")].toString());
        }
        QCOMPARE(test::auditCount(kps::provisioning::StationInternals::store(*fixture_->station),
                                  QStringLiteral("masters.import")),
                 1);

        view.setOperation(app::CeremonyKind::DestroyKeys, order);
        confirm(view.step(1), "custodian1");
        QTRY_VERIFY_WITH_TIMEOUT(view.step(1)->custodian().has_value(), 30000);
        confirm(view.step(2), "custodian2");
        QTRY_VERIFY_WITH_TIMEOUT(view.step(2)->custodian().has_value(), 30000);
        QTest::mouseClick(view.runButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(view.status().contains(QLatin1String("destroyed")), 60000);
        QVERIFY(*fixture_->station->custody().keysDestroyed(order));
        QVERIFY(view.checkValues()->rowCount() >= int(masters.size()));
        QVERIFY(QFile::exists(fixture_->station->paths().exportsOf(order) + QLatin1Char('/') +
                              order + QStringLiteral("-destruction.json.sig")));
    }
};

QTEST_MAIN(TstCeremony)
#include "tst_ceremony.moc"
