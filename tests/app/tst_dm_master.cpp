// The head-end DM batch with the DM master (headend.dm = master): the master leaves
// wrapped under the head-end KEK only where its key policy allows it. MANUF masters
// may leave only under a trusted wrapping key and customer masters never, so such an
// order is refused when it is added (exit 3), nothing registered; the export refuses
// it too should an order get that far. A master the policy lets go (made here, as a
// future policy might allow) arrives, and `kps listing open` gives its exact value.
#include "cli_runner.hpp"
#include "kps/app/operations/close.hpp"
#include "kps/app/operations/exports.hpp"
#include "kps/hsm/key_ops.hpp"
#include "kps/hsm/module.hpp"
#include "kps/hsm/session.hpp"
#include "kps/hsm/token.hpp"
#include "kps/provisioning/testing/station_internals.hpp"
#include "kps/secure/pin.hpp"
#include "order_ids.hpp"
#include "station_fixture.hpp"

#include <QApplication>

using namespace kps;
using namespace kps::provisioning;

namespace {

const std::array<std::uint8_t, 16> kMaster = {0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe,
                                              0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef};

} // namespace

class TstDmMaster : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void orderIsRefusedWhenItsDmMasterCannotLeave_data() {
        QTest::addColumn<QString>("keySource");
        QTest::addColumn<QString>("reason");
        QTest::newRow("manuf") << "manuf"
                               << "trusted wrapping key";
        QTest::newRow("customer-masters") << "customer-masters"
                                          << "never extractable";
        QTest::newRow("random") << "random"
                                << "no DM master";
    }

    void orderIsRefusedWhenItsDmMasterCannotLeave() {
        QFETCH(QString, keySource);
        QFETCH(QString, reason);
        test::OrderSpec spec;
        spec.id = QStringLiteral("PO-DM-") + keySource.toUpper();
        spec.keySource = keySource;
        spec.dm = QStringLiteral("master");
        auto environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("KPS_LOGIN"), QStringLiteral("supervisor"));
        environment.insert(QStringLiteral("KPS_LOGIN_PIN_FILE"),
                           fixture_.path(QStringLiteral("station/secrets/supervisor.pin")));
        auto objects = kps::provisioning::StationInternals::vault(*fixture_.station).objectCount();
        auto added = test::runKps(
            {QStringLiteral("--data"), fixture_.path(QStringLiteral("station")),
             QStringLiteral("order"), QStringLiteral("add"), fixture_.writeOrder(spec)},
            environment);
        QCOMPARE(added.exitCode, 3);
        QVERIFY2(added.err.contains(reason.toUtf8()), added.err.constData());
        QVERIFY(!fixture_.station->orders().find(test::orderId(spec.id))); // nothing registered
        QCOMPARE(*kps::provisioning::StationInternals::vault(*fixture_.station).objectCount(),
                 *objects);
    }

    void theExportRefusesItToo() {
        test::OrderSpec spec;
        spec.id = QStringLiteral("PO-TEST-0003");
        spec.first = QStringLiteral("00030000");
        auto& station = *fixture_.station;
        QVERIFY(station.orders().add(fixture_.login(QStringLiteral("supervisor")),
                                     fixture_.writeOrder(spec)));
        auto records = station.orders().records(fixture_.login(QStringLiteral("supervisor")),
                                                test::orderId(spec.id));
        QVERIFY(records);
        // As if the order (headend.dm = keys) had got this far with headend.dm = master:
        const QString batch = fixture_.path(QStringLiteral("refused.json"));
        auto exported = app::exportDmMaster(station, *records, batch);
        QVERIFY(!exported);
        QCOMPARE(int(exported.error().code), int(app::Refused));
        QVERIFY(!QFile::exists(batch) && !QFile::exists(batch + QStringLiteral(".partial")));
    }

    void extractableMasterLeavesUnderTheHeadendKek() {
        test::OrderSpec spec;
        spec.id = QStringLiteral("PO-TEST-0002");
        spec.first = QStringLiteral("00020000");
        spec.keySource = QStringLiteral("customer-masters");
        auto& station = *fixture_.station;
        QVERIFY(station.orders().add(fixture_.login(QStringLiteral("supervisor")),
                                     fixture_.writeOrder(spec)));
        const QString label = QStringLiteral("order:PO-TEST-0002:DM_MASTER");
        const QString kcv = createMaster(label);
        QVERIFY(!kcv.isEmpty());
        QVERIFY(kps::provisioning::StationInternals::store(*fixture_.station)
                    .orders()
                    .recordMaster(spec.id, QStringLiteral("DM"), label, kcv,
                                  QDateTime::currentDateTimeUtc()));
        auto records = fixture_.station->orders().records(
            fixture_.login(QStringLiteral("supervisor")), test::orderId(spec.id));
        QVERIFY(records);
        // headend.dm = master, what a permissive policy would allow:
        const QString batch = fixture_.path(QStringLiteral("dm-master.json"));
        auto exported = app::exportDmMaster(*fixture_.station, *records, batch);
        QVERIFY2(exported, exported ? "" : qPrintable(exported.error().message));
        auto opened = test::runKps(
            {QStringLiteral("listing"), QStringLiteral("open"), batch, QStringLiteral("--key"),
             fixture_.path(QStringLiteral("headend/headend.key")), QStringLiteral("--sender"),
             fixture_.path(QStringLiteral("station/public/station-signing.crt"))});
        QVERIFY2(opened.exitCode == 0, opened.err.constData());
        const QByteArray value =
            QByteArray(reinterpret_cast<const char*>(kMaster.data()), kMaster.size()).toHex();
        QCOMPARE(opened.out.trimmed().split('\n').last(),
                 "DM_MASTER,master,0,0," + kcv.toLatin1() + ',' + value);
    }

private:
    /// An extractable master on the station's token, with the value kMaster; its KCV.
    QString createMaster(const QString& label) {
        fixture_.station.reset(); // one user of the module at a time
        QString kcv;
        {
            // The station set SOFTHSM2_CONF to its token directory when it opened.
            auto module = hsm::Module::load(hsm::defaultModulePath());
            auto pin = secure::readPinFile(
                fixture_.path(QStringLiteral("station/secrets/user.pin")).toStdString());
            if (!module || !pin)
                return {};
            auto session = hsm::openUserSession(*module, "kps-station", *pin);
            if (!session)
                return {};
            hsm::Attributes master;
            master.number(CKA_CLASS, CKO_SECRET_KEY)
                .number(CKA_KEY_TYPE, CKK_AES)
                .flag(CKA_TOKEN, true)
                .flag(CKA_PRIVATE, true)
                .flag(CKA_SENSITIVE, true)
                .flag(CKA_EXTRACTABLE, true)
                .flag(CKA_DERIVE, true)
                .flag(CKA_SIGN, true)
                .bytes(CKA_VALUE, kMaster)
                .text(CKA_LABEL, label.toStdString());
            auto handle = hsm::createObject(*session, master, label.toStdString());
            auto check = handle ? hsm::kcvOf(*session, *handle, label.toStdString())
                                : hsm::Result<hsm::Kcv>(tl::unexpected(handle.error()));
            if (check)
                kcv = QString::fromLatin1(
                    QByteArray(reinterpret_cast<const char*>(check->data()), 3).toHex());
        }
        fixture_.reopen();
        return kcv;
    }

    test::StationFixture fixture_;
};

QTEST_MAIN(TstDmMaster)
#include "tst_dm_master.moc"
