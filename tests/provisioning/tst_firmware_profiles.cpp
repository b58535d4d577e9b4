// A profile that pins a firmware image: the image beside the profile is read, its
// SHA-256 compared with the pin, parsed and placed on the target when the order is
// added and when it runs; a missing, changed or malformed image (or a target without a
// flash algorithm) is bad input naming the file, the place and the reason. A run on
// the simulated line's emulated STM32WLE5s programs it before the keys, every verified
// row keeps the image's SHA-256, and the batch report counts the endpoints per image.
#include "batch_check.hpp"
#include "kps/app/operations/close.hpp"
#include "kps/provisioning/simulated_rack.hpp"
#include "kps/provisioning/testing/station_internals.hpp"
#include "order_ids.hpp"
#include "station_fixture.hpp"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace kps;
using kps::provisioning::StationInternals;

namespace {

QByteArray readFile(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray profileJson(const QString& name, const QString& target, const QString& file,
                       const QByteArray& sha256) {
    return QStringLiteral(R"({
  "format": "kps-profile/1", "name": "%1", "target": "%2", "injection": "plain",
  "firmware": { "file": "%3", "sha256": "%4" },
  "keys": [ { "id": 1, "role": "data", "version": 1, "master": "DATA" },
            { "id": 2, "role": "dm", "version": 1, "master": "DM" } ],
  "password": { "id": 4, "version": 1, "length": 10,
                "alphabet": "ABCDEFGHJKLMNPQRSTUVWXYZ23456789" }
})")
        .arg(name, target, file, QString::fromLatin1(sha256))
        .toUtf8();
}

QByteArray sha256Hex(const QByteArray& bytes) {
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

} // namespace

class TstFirmwareProfiles : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        profiles_ = QDir(fixture_.station->paths().profiles());
        QVERIFY(profiles_.mkpath(QStringLiteral(".")));
        image_ = readFile(QStringLiteral(KPS_ENDPOINT_APP_ELF));
        QVERIFY(image_.startsWith("\x7F"
                                  "ELF"));
        write(QStringLiteral("app.elf"), image_);
        supervisor_ = fixture_.login(QStringLiteral("supervisor"));
    }

    void badImagesAreBadInput_data() {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<bool>("pinTheContent");
        QTest::addColumn<QString>("where");
        QTest::addColumn<QString>("reason");
        const QByteArray hex = ":020000040800F2\n:0400100011223344EA\n:00000001FF\n";
        QTest::newRow("missing") << "stm32wle5"
                                 << "gone.elf" << QByteArray() << true << "gone.elf"
                                 << "cannot be read";
        QTest::newRow("changed") << "stm32wle5"
                                 << "changed.elf"
                                 << QByteArray("\x7F"
                                               "ELF")
                                 << false << "changed.elf"
                                 << "the profile";
        QTest::newRow("checksum") << "stm32wle5"
                                  << "bad.hex" << hex << true << "bad.hex, line 2"
                                  << "checksum 0xEA";
        QTest::newRow("key store") << "stm32wle5"
                                   << "over.hex"
                                   << QByteArray(":020000040803EF\n:04F80000112233445A\n"
                                                 ":00000001FF\n")
                                   << true << "over.hex, address 0x0803F800"
                                   << "key-store page";
        QTest::newRow("blank")
            << "stm32wle5"
            << "blank.hex"
            << QByteArray(
                   ":020000040800F2\n:10000000FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00\n:00000001FF\n")
            << true << "blank.hex, address 0x08000000"
            << "initial stack pointer 0xFFFFFFFF";
        QTest::newRow("no vectors")
            << "stm32wle5"
            << "far.hex"
            << QByteArray(":020000040800F2\n:0810000000800020011000082F\n:00000001FF\n") << true
            << "far.hex, address 0x08000000"
            << "no vector table";
        QTest::newRow("arm reset")
            << "stm32wle5"
            << "even.hex"
            << QByteArray(":020000040800F2\n:08000000008000200000000850\n:00000001FF\n") << true
            << "even.hex, address 0x08000004"
            << "not a Thumb address";
        QTest::newRow("no algorithm") << "reference-endpoint-v1"
                                      << "app.elf" << QByteArray() << true << "/firmware"
                                      << "takes no firmware image";
    }
    void badImagesAreBadInput() {
        QFETCH(QString, target);
        QFETCH(QString, file);
        QFETCH(QByteArray, content);
        QFETCH(bool, pinTheContent);
        QFETCH(QString, where);
        QFETCH(QString, reason);
        if (!content.isEmpty())
            write(file, content);
        const QString name =
            QStringLiteral("fw-%1").arg(QTest::currentDataTag()).replace(u' ', u'-');
        const QByteArray pin =
            pinTheContent ? sha256Hex(content.isEmpty() ? image_ : content) : QByteArray(64, 'a');
        write(name + QStringLiteral(".json"), profileJson(name, target, file, pin));
        test::OrderSpec spec;
        spec.id = QStringLiteral("PO-FW-BAD-") + QString::number(++orders_);
        spec.profile = name;
        spec.quantity = 2;
        spec.first = QStringLiteral("0080%1000").arg(orders_, 2, 10, QLatin1Char('0'));
        auto added = fixture_.station->orders().add(supervisor_, fixture_.writeOrder(spec));
        QVERIFY(!added);
        QCOMPARE(added.error().kind, provisioning::ErrorKind::BadInput);
        QVERIFY2(added.error().where.contains(where), qPrintable(added.error().message()));
        QVERIFY2(added.error().reason.contains(reason), qPrintable(added.error().message()));
    }

    void theImageGoesFirstAndIntoTheRecords() {
        write(QStringLiteral("fw-good.json"),
              profileJson(QStringLiteral("fw-good"), QStringLiteral("stm32wle5"),
                          QStringLiteral("app.elf"), sha256Hex(image_)));
        test::OrderSpec spec;
        spec.id = QStringLiteral("PO-FW-GOOD");
        spec.profile = QStringLiteral("fw-good");
        spec.quantity = 4;
        spec.first = QStringLiteral("00900000");
        auto& station = *fixture_.station;
        QVERIFY(station.orders().add(supervisor_, fixture_.writeOrder(spec)));
        const QString archive = fixture_.path(QStringLiteral("line-fw"));
        auto rack =
            provisioning::makeSimulatedRackFor(QStringLiteral("stm32wle5"), {2, archive, 5, 0.0});
        QVERIFY(rack);
        provisioning::RunObserver quiet;
        std::atomic<bool> cancel{false};
        provisioning::RunOptions options;
        options.slotCount = 2;
        auto run =
            station.line().run(supervisor_, test::orderId(spec.id), options, **rack, quiet, cancel);
        QVERIFY2(run && run->verified == 4, run ? "" : qPrintable(run.error().message()));
        const QDir line(archive);
        QCOMPARE(line.entryList({QStringLiteral("*.flash")}).size(), 4); // firmware + keys
        auto counts = StationInternals::store(station).endpoints().firmwareCounts(spec.id);
        QVERIFY(counts && counts->size() == 1);
        QCOMPARE(counts->front().first.toLatin1(), sha256Hex(image_));
        QCOMPARE(counts->front().second, qint64(4));
        auto closed = app::closeOrder(station, supervisor_, test::orderId(spec.id));
        QVERIFY2(closed, closed ? "" : qPrintable(closed.error().message));
        const QJsonObject report =
            QJsonDocument::fromJson(readFile(closed->files.directory + QStringLiteral("/") +
                                             spec.id + QStringLiteral("-report.json")))
                .object();
        const QJsonArray images = report[QStringLiteral("firmware")].toArray();
        QCOMPARE(images.size(), 1);
        QCOMPARE(images[0][QStringLiteral("endpoints")].toInt(), 4);
        const reports::OpenRequest request{closed->files.listing,
                                           fixture_.path(QStringLiteral("customer/customer.key")),
                                           closed->files.signerCertificate,
                                           fixture_.path(QStringLiteral("customer/customer.crt"))};
        const auto listing = test::checkListing(request, archive);
        QCOMPARE(listing.matched, 4);
        QCOMPARE(listing.differ, 0);
    }

    void aKeyOnlyOrderNamesNoImage() {
        test::OrderSpec spec;
        spec.id = QStringLiteral("PO-FW-NONE");
        spec.quantity = 2;
        spec.first = QStringLiteral("00910000");
        auto& station = *fixture_.station;
        QVERIFY(station.orders().add(supervisor_, fixture_.writeOrder(spec)));
        auto rack = provisioning::makeSimulatedRack({1, {}, 5, 0.0});
        provisioning::RunObserver quiet;
        std::atomic<bool> cancel{false};
        provisioning::RunOptions options;
        options.slotCount = 1;
        auto run =
            station.line().run(supervisor_, test::orderId(spec.id), options, *rack, quiet, cancel);
        QVERIFY(run && run->verified == 2);
        auto counts = StationInternals::store(station).endpoints().firmwareCounts(spec.id);
        QVERIFY(counts && counts->empty());
        QVERIFY(!provisioning::makeSimulatedRackFor(QStringLiteral("nrf52"), {1, {}, 5, 0.0}));
    }

private:
    void write(const QString& name, const QByteArray& bytes) {
        QFile file(profiles_.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
    }

    test::StationFixture fixture_;
    provisioning::Principal supervisor_;
    QDir profiles_;
    QByteArray image_;
    int orders_ = 0;
};

QTEST_MAIN(TstFirmwareProfiles) // QApplication: closing an order draws the report (Qt Charts)
#include "tst_firmware_profiles.moc"
