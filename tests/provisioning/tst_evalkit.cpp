// Evaluation kits: the MANUF masters leave the token only under a trusted key, which
// only the security officer can make; the kit opens at the evaluation customer's
// side and its masters derive exactly the keys manuf endpoints hold.
#include "certificate_factory.hpp"
#include "kps/app/demo_party.hpp"
#include "kps/app/operations/close.hpp"
#include "kps/app/operations/custody.hpp"
#include "kps/hsm/kdf1.hpp"
#include "kps/hsm/key_ops.hpp"
#include "kps/hsm/key_policy.hpp"
#include "kps/hsm/token.hpp"
#include "kps/provisioning/line_archive.hpp"
#include "kps/provisioning/simulated_rack.hpp"
#include "kps/provisioning/testing/station_internals.hpp"
#include "kps/reports/listing_opener.hpp"
#include "kps/secure/pin.hpp"
#include "must.hpp"
#include "openssl_reference.hpp"
#include "order_ids.hpp"
#include "station_fixture.hpp"

using namespace kps;

namespace {

QByteArray valueOf(const secure::SecretBytes& secret) {
    return QByteArray(reinterpret_cast<const char*>(secret.data()), qsizetype(secret.size()));
}

} // namespace

class TstEvalKit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        fixture_.emplace();
        QVERIFY(app::makeDemoParty(fixture_->path(QStringLiteral("eval")), QStringLiteral("eval"),
                                   QStringLiteral("Evaluation Customer")));
        eval_ = fixture_->path(QStringLiteral("eval/eval"));
    }

    void untrustedKeysCannotWrapTheManufMasters() {
        auto module = hsm::Module::load(hsm::defaultModulePath());
        auto session = hsm::openUserSession(*module, "kps-station", *pin("user"));
        QVERIFY(session);
        hsm::SecretKeyPolicy kek;
        kek.length = 32;
        kek.uses = {hsm::KeyUse::Wrap};
        auto attributes = hsm::keyTemplate(kek, hsm::Creation::Generate);
        auto wrapping = hsm::generateKey(*session, CKM_AES_KEY_GEN, attributes, "untrusted KEK");
        QVERIFY(wrapping);
        hsm::SessionObject guard(*session, *wrapping);
        auto master = hsm::findByLabel(*session, CKO_SECRET_KEY, "MANUF_DATA_MASTER");
        auto wrapped = hsm::wrapKwp(*session, *wrapping, *master, "MANUF_DATA_MASTER");
        QVERIFY(!wrapped);
        QCOMPARE(wrapped.error().rv, CKR_KEY_NOT_WRAPPABLE);
    }

    void refusedWithoutDualControlOrTheRightSoPin() {
        auto& station = *fixture_->station;
        auto single = app::exportEvalKit(station, {login("custodian1"), login("custodian1")},
                                         eval_ + QStringLiteral(".crt"), fixture_->soPin(), {});
        QCOMPARE(int(single.error().code), int(app::Refused));
        auto wrongPin =
            secure::SecretBytes::copyOf({reinterpret_cast<const std::uint8_t*>("nope1234"), 8});
        auto refused =
            app::exportEvalKit(station, custodians(), eval_ + QStringLiteral(".crt"), wrongPin, {});
        QCOMPARE(int(refused.error().code), int(app::DeviceFailure));
        QVERIFY2(refused.error().message.contains(QStringLiteral("CKR_PIN_INCORRECT")),
                 qPrintable(refused.error().message));
        QVERIFY(kps::provisioning::StationInternals::vault(station)
                    .objectCount()); // the user is logged in again
    }

    /// An --out that exists is refused before the HSM exports anything: no kit, no
    /// evalkit.export row, the file as it was.
    void anExistingOutIsRefusedFirst() {
        auto& station = *fixture_->station;
        const QString taken = fixture_->path(QStringLiteral("eval/taken.json"));
        QFile file(taken);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("mine");
        file.close();
        const auto pair = custodians(); // logged in before the count
        auto& store = kps::provisioning::StationInternals::store(station);
        const auto before = store.audit().head();
        auto refused = app::exportEvalKit(station, pair, eval_ + QStringLiteral(".crt"),
                                          fixture_->soPin(), taken);
        QVERIFY(!refused);
        QCOMPARE(int(refused.error().code), int(app::BadInput));
        QVERIFY(before && store.audit().head() && store.audit().head()->seq == before->seq);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("mine"));
    }

    /// An evaluation customer is a wrap target like any other: a weak certificate is bad
    /// input naming the file and the reason, before anyone's PIN is tried.
    void weakRecipientsGetNoKit() {
        auto& station = *fixture_->station;
        for (const auto& weak : test::weakRecipients()) {
            const QString file = fixture_->path(QStringLiteral("eval/") + weak.name);
            QFile out(file);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(weak.pem);
            out.close();
            auto refused = app::exportEvalKit(station, custodians(), file, fixture_->soPin(), {});
            QVERIFY2(!refused, qPrintable(weak.name));
            QCOMPARE(int(refused.error().code), int(app::BadInput));
            QVERIFY2(refused.error().message.contains(file) &&
                         refused.error().message.contains(weak.reason),
                     qPrintable(refused.error().message));
        }
    }

    void kitOpensAndDerivesWhatManufEndpointsHold() {
        auto& station = *fixture_->station;
        const QString file = fixture_->path(QStringLiteral("kit.json"));
        auto kit = app::exportEvalKit(station, custodians(), eval_ + QStringLiteral(".crt"),
                                      fixture_->soPin(), file);
        QVERIFY2(kit, kit ? "" : qPrintable(kit.error().message));
        std::map<QString, QByteArray> masters;
        auto opened = reports::openListing({file, eval_ + QStringLiteral(".key"),
                                            kit->signerCertificate, eval_ + QStringLiteral(".crt")},
                                           [](const reports::OpenedEndpoint&) {});
        QVERIFY2(opened, opened ? "" : qPrintable(opened.error().message()));
        QCOMPARE(opened->header.purpose, reports::Purpose::EvalKit);
        for (const auto& master : opened->masters)
            masters[master.name] = valueOf(master.value);
        QCOMPARE(masters.size(), std::size_t(4));
        QCOMPARE(masters["MANUF_DATA_MASTER"].size(), 32);
        // A manuf batch made after the kit (the station's signer survived the SO step).
        const auto line = runManufOrder();
        QCOMPARE(line.size(), std::size_t(3));
        const auto rule = station.orders().profile(QStringLiteral("amr-reference-v1"))->password;
        for (const auto& [address, held] : line) {
            const auto bytes = provisioning::EndpointAddress::parse(address)->bytes();
            QCOMPARE(valueOf(held.keys.at(1)).toHex(),
                     kdf1(masters["MANUF_DATA_MASTER"], 1, bytes).toHex());
            QCOMPARE(valueOf(held.keys.at(2)).toHex(),
                     kdf1(masters["MANUF_DM_MASTER"], 2, bytes).toHex());
            QCOMPARE(valueOf(held.keys.at(3)).toHex(), masters["MANUF_LOCAL_KEY"].toHex());
            const QByteArray seed = masters["MANUF_LOCAL_PASSWORD"];
            const auto password = provisioning::passwordFromSeed(
                {reinterpret_cast<const std::uint8_t*>(seed.constData()), 16}, rule);
            QCOMPARE(valueOf(held.password), valueOf(password));
        }
    }

private:
    static QByteArray kdf1(const QByteArray& master, int id,
                           const provisioning::Address8& address) {
        const auto d = hsm::kdf1Diversifier(std::uint8_t(id), 1, address);
        return test::aesEcbBlock(master, QByteArray(reinterpret_cast<const char*>(d.data()), 16));
    }

    std::map<QString, provisioning::ArchivedEndpoint> runManufOrder() {
        auto& station = *fixture_->station;
        test::OrderSpec spec;
        spec.id = QStringLiteral("PO-AFTER-KIT");
        spec.quantity = 3;
        if (!station.orders().add(login("supervisor"), fixture_->writeOrder(spec)) ||
            !station.orders().changeState(login("supervisor"), test::orderId(spec.id),
                                          provisioning::OrderState::Running))
            return {};
        const QString archive = fixture_->path(QStringLiteral("line"));
        auto rack = provisioning::makeSimulatedRack({1, archive, 9, 0.0});
        provisioning::RunObserver quiet;
        std::atomic<bool> cancel{false};
        test::must(station.line().run(login("operator"), test::orderId(spec.id), {1, 0, 5, {}},
                                      *rack, quiet, cancel),
                   "run the order");
        if (!app::closeOrder(station, login("supervisor"), test::orderId(spec.id)))
            return {};
        return provisioning::readLineArchive(archive);
    }

    std::optional<secure::SecretBytes> pin(const char* name) {
        auto read = secure::readPinFile((fixture_->station->paths().secrets() + QLatin1Char('/') +
                                         QString::fromLatin1(name) + QStringLiteral(".pin"))
                                            .toStdString());
        if (!read)
            return std::nullopt;
        return std::move(*read);
    }

    provisioning::Principal login(const char* name) {
        return fixture_->login(QString::fromLatin1(name));
    }
    app::Custodians custodians() { return {login("custodian1"), login("custodian2")}; }

    std::optional<test::StationFixture> fixture_;
    QString eval_;
};

QTEST_MAIN(TstEvalKit) // QApplication: closing an order draws the report (Qt Charts)
#include "tst_evalkit.moc"
