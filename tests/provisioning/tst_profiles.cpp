// Profiles beyond the reference one: a fleet key (the same for every endpoint of the
// order, made in the HSM for a random order, destroyed at close) and password rules
// (fixed, random, derived), checked end to end by opening the customer listing and
// comparing with what the simulated endpoints hold.
#include "batch_check.hpp"
#include "kps/app/operations/close.hpp"
#include "kps/provisioning/simulated_rack.hpp"
#include "kps/provisioning/testing/station_internals.hpp"
#include "must.hpp"
#include "order_ids.hpp"
#include "station_fixture.hpp"

using namespace kps;

namespace {

QByteArray profileJson(const QString& name, const QString& passwordSource) {
    return QStringLiteral(R"({
  "format": "kps-profile/1", "name": "%1", "target": "reference-endpoint-v1",
  "injection": "plain",
  "keys": [
    { "id": 1, "role": "data", "version": 1, "master": "DATA" },
    { "id": 2, "role": "dm", "version": 1, "master": "DM" },
    { "id": 3, "role": "local", "version": 1, "master": "LOCAL" },
    { "id": 5, "role": "fleet", "version": 1, "master": "FLEET" }
  ],
  "password": { "id": 4, "version": 1, "length": 10, "source": "%2",
                "alphabet": "ABCDEFGHJKLMNPQRSTUVWXYZ23456789" }
})")
        .arg(name, passwordSource)
        .toUtf8();
}

struct Fingerprints {
    QSet<QByteArray> fleet, data, passwords;
    int endpoints = 0;
};

} // namespace

class TstProfiles : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QDir().mkpath(fixture_.station->paths().profiles());
        for (auto [name, source] :
             {std::pair{"fleet-fixed", "fixed"}, std::pair{"fleet-random", "random"},
              std::pair{"fleet-derived", "derived"}}) {
            QFile file(QDir(fixture_.station->paths().profiles())
                           .filePath(QString::fromLatin1(name) + QStringLiteral(".json")));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(profileJson(QString::fromLatin1(name), QString::fromLatin1(source)));
        }
        supervisor_ = fixture_.login(QStringLiteral("supervisor"));
    }

    void fleetKeyAndFixedPasswordAreTheOrdersOwn() {
        const auto seen = produce(QStringLiteral("PO-FLEET-1"), QStringLiteral("fleet-fixed"),
                                  QStringLiteral("00700000"));
        QCOMPARE(seen.endpoints, 6);
        QCOMPARE(seen.fleet.size(), 1);     // one fleet key for the order
        QCOMPARE(seen.passwords.size(), 1); // one fixed password for the order
        QCOMPARE(seen.data.size(), 6);      // random data keys, all different
        auto masters = kps::provisioning::StationInternals::store(*fixture_.station)
                           .orders()
                           .masters(QStringLiteral("PO-FLEET-1"));
        QVERIFY(masters && masters->size() == 2); // FLEET_KEY and PASSWORD_KEY KCVs
    }

    void anotherOrderGetsAnotherFleetKey() {
        const auto first = produce(QStringLiteral("PO-FLEET-2"), QStringLiteral("fleet-random"),
                                   QStringLiteral("00710000"));
        QCOMPARE(first.fleet.size(), 1);
        QCOMPARE(first.passwords.size(), 6); // random passwords
        const auto second = produce(QStringLiteral("PO-FLEET-3"), QStringLiteral("fleet-random"),
                                    QStringLiteral("00720000"));
        QVERIFY(!first.fleet.intersects(second.fleet));
    }

    void sourcesThatCannotProvideAreRefused() {
        test::OrderSpec manuf;
        manuf.id = QStringLiteral("PO-FLEET-MANUF");
        manuf.profile = QStringLiteral("fleet-random");
        manuf.first = QStringLiteral("00730000");
        auto refused = fixture_.station->orders().add(supervisor_, fixture_.writeOrder(manuf));
        QVERIFY(!refused);
        QVERIFY(refused.error().reason.contains(QLatin1String("FLEET")));
        test::OrderSpec derived = manuf;
        derived.id = QStringLiteral("PO-DERIVED-RANDOM");
        derived.keySource = QStringLiteral("random");
        derived.profile = QStringLiteral("fleet-derived");
        refused = fixture_.station->orders().add(supervisor_, fixture_.writeOrder(derived));
        QVERIFY(!refused);
        QVERIFY(refused.error().reason.contains(QLatin1String("derived password")));
    }

private:
    Fingerprints produce(const QString& id, const QString& profile, const QString& first) {
        test::OrderSpec spec;
        spec.id = id;
        spec.keySource = QStringLiteral("random");
        spec.profile = profile;
        spec.quantity = 6;
        spec.first = first;
        auto& station = *fixture_.station;
        if (!station.orders().add(supervisor_, fixture_.writeOrder(spec)))
            qFatal("cannot add %s", qPrintable(id));
        const QString archive = fixture_.path(QStringLiteral("line-") + id);
        auto rack = provisioning::makeSimulatedRack({2, archive, 9, 0.0});
        provisioning::RunObserver quiet;
        std::atomic<bool> cancel{false};
        provisioning::RunOptions options;
        options.slotCount = 2;
        auto run =
            station.line().run(supervisor_, test::orderId(id), options, *rack, quiet, cancel);
        if (!run || run->verified != 6)
            qFatal("run %s failed", qPrintable(id));
        auto closed = app::closeOrder(station, supervisor_, test::orderId(id));
        if (!closed || !closed->destroyed.contains(QStringLiteral("order:%1:FLEET_KEY").arg(id)))
            qFatal("close %s failed", qPrintable(id));
        const reports::OpenRequest request{closed->files.listing,
                                           fixture_.path(QStringLiteral("customer/customer.key")),
                                           closed->files.signerCertificate,
                                           fixture_.path(QStringLiteral("customer/customer.crt"))};
        const auto listing = test::checkListing(request, archive);
        if (listing.matched != 6 || listing.differ != 0)
            qFatal("the listing of %s differs from the endpoints", qPrintable(id));
        Fingerprints seen;
        test::must(reports::openListing(request,
                                        [&](const reports::OpenedEndpoint& endpoint) {
                                            ++seen.endpoints;
                                            for (const auto& secret : endpoint.secrets) {
                                                const QByteArray print =
                                                    test::fingerprint(secret.value.span());
                                                if (secret.role == QLatin1String("fleet"))
                                                    seen.fleet.insert(print);
                                                else if (secret.role == QLatin1String("data"))
                                                    seen.data.insert(print);
                                                else if (secret.role == QLatin1String("password"))
                                                    seen.passwords.insert(print);
                                            }
                                        }),
                   "open the listing");
        return seen;
    }

    test::StationFixture fixture_;
    provisioning::Principal supervisor_;
};

QTEST_MAIN(TstProfiles) // QApplication: closing an order draws the report (Qt Charts)
#include "tst_profiles.moc"
