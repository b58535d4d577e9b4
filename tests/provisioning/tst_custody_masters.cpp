// Customer masters: a bundle made with the openssl command line alone imports into
// the token as non-extractable, derive-only objects labelled with the order, under
// dual control; the endpoints then hold exactly KDF-1 of those masters as OpenSSL
// computes it. Every bad file is one clear error that leaves token and store as they were.
#include "customer_files.hpp"
#include "kps/app/operations/custody.hpp"
#include "kps/hsm/kdf1.hpp"
#include "kps/hsm/key_policy.hpp"
#include "kps/hsm/object.hpp"
#include "kps/hsm/token.hpp"
#include "kps/provisioning/line_archive.hpp"
#include "kps/provisioning/simulated_rack.hpp"
#include "kps/provisioning/testing/station_internals.hpp"
#include "kps/secure/pin.hpp"
#include "must.hpp"
#include "openssl_reference.hpp"
#include "order_ids.hpp"
#include "station_fixture.hpp"

#include <QJsonArray>

using namespace kps;

namespace {

const QString kOrder = QStringLiteral("PO-CM-0001");

struct TokenState {
    std::size_t objects = 0;
    QStringList orderObjects;
    qint64 imports = 0;
    bool operator==(const TokenState&) const = default;
};

QByteArray hexOf(const secure::SecretBytes& secret) {
    return QByteArray(reinterpret_cast<const char*>(secret.data()), qsizetype(secret.size()))
        .toHex();
}

} // namespace

class TstCustodyMasters : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        fixture_.emplace();
        auto& station = *fixture_->station;
        test::OrderSpec spec;
        spec.id = kOrder;
        spec.keySource = QStringLiteral("customer-masters");
        spec.quantity = 6;
        QVERIFY(station.orders().add(login("supervisor"), fixture_->writeOrder(spec)));
        QVERIFY(station.orders().changeState(login("supervisor"), test::orderId(spec.id),
                                             provisioning::OrderState::Running));
        side_ = {fixture_->path(QStringLiteral("customer/customer.key")),
                 fixture_->path(QStringLiteral("customer/customer.crt")),
                 station.paths().publicCertificates() + QStringLiteral("/station-import.crt")};
        good_ = test::sealMasters(side_, kOrder, fixture_->path(QStringLiteral("good")));
        before_ = state();
        QCOMPARE(before_.orderObjects.size(), 2); // the order's two KEKs
    }

    void badFiles_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("says");
        QString tampered = fixture_->path(QStringLiteral("tampered.json"));
        QFile::copy(good_, tampered);
        QFile::copy(good_ + QStringLiteral(".sig"), tampered + QStringLiteral(".sig"));
        QFile out(tampered);
        out.open(QIODevice::ReadWrite);
        QByteArray text = out.readAll().replace("\"created\": \"2", "\"created\": \"1");
        out.seek(0);
        out.write(text);
        out.close();
        QTest::newRow("bad signature") << tampered << 2 << QStringLiteral("does not verify");
        auto otherSide = side_;
        otherSide.stationImport = fixture_->path(QStringLiteral("headend/headend.crt"));
        QTest::newRow("wrong recipient")
            << test::sealMasters(otherSide, kOrder, fixture_->path(QStringLiteral("elsewhere")))
            << 2 << QStringLiteral("/recipient/certificateSha256");
        QTest::newRow("KCV mismatch")
            << edited("kcv.json", [](QJsonObject& json) { setMaster(json, 3, "kcv", "000000"); })
            << 2 << QStringLiteral("key check value");
        QTest::newRow("truncated wrap") << edited("short.json", [](QJsonObject& json) {
            const QByteArray wrapped = QByteArray::fromBase64(
                json["masters"].toArray()[0].toObject()["wrapped"].toString().toLatin1());
            setMaster(json, 0, "wrapped", QString::fromLatin1(wrapped.left(32).toBase64()));
        }) << 2 << QStringLiteral("truncated");
        QTest::newRow("truncated KEK") << edited("kek.json", [](QJsonObject& json) {
            QJsonObject kek = json["kek"].toObject();
            kek["wrapped"] = QString::fromLatin1(
                QByteArray::fromBase64(kek["wrapped"].toString().toLatin1()).left(200).toBase64());
            json["kek"] = kek;
        }) << 2 << QStringLiteral("/kek/wrapped");
        QTest::newRow("missing master") << edited("three.json", [](QJsonObject& json) {
            QJsonArray masters = json["masters"].toArray();
            masters.removeLast();
            json["masters"] = masters;
        }) << 2 << QStringLiteral("missing PASSWORD_MASTER");
        QTest::newRow("OAEP the HSM lacks")
            << test::sealMasters(side_, kOrder, fixture_->path(QStringLiteral("sha256")),
                                 QStringLiteral("sha256"))
            << 2 << QStringLiteral("cannot unwrap rsa-oaep-sha256");
    }

    void badFiles() {
        QFETCH(QString, file);
        QFETCH(int, code);
        QFETCH(QString, says);
        auto imported = app::importMasters(*fixture_->station, custodians(), file);
        QVERIFY(!imported);
        QVERIFY2(int(imported.error().code) == code, qPrintable(imported.error().message));
        QVERIFY2(imported.error().message.contains(says), qPrintable(imported.error().message));
        QVERIFY(state() == before_);
    }

    void dualControlIsEnforced() {
        auto& station = *fixture_->station;
        auto same = app::importMasters(station, {login("custodian1"), login("custodian1")}, good_);
        QCOMPARE(int(same.error().code), int(app::Refused));
        QVERIFY(same.error().message.contains(QStringLiteral("two different")));
        auto operatorToo =
            app::importMasters(station, {login("custodian1"), login("operator")}, good_);
        QCOMPARE(int(operatorToo.error().code), int(app::Refused));
        QVERIFY(state() == before_);
    }

    void importsTheOpensslBundle() {
        test::signAsCustomer(good_, side_.key, true); // RSA-PSS is accepted as well
        auto imported = app::importMasters(*fixture_->station, custodians(), good_);
        QVERIFY2(imported, imported ? "" : qPrintable(imported.error().message));
        QCOMPARE(imported->labels.size(), 4);
        const QJsonArray masters =
            QJsonDocument::fromJson(test::readBytes(good_)).object()["masters"].toArray();
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(imported->labels[i],
                     QStringLiteral("order:%1:%2").arg(kOrder, masters[i]["name"].toString()));
            QCOMPARE(imported->kcvs[i], masters[i]["kcv"].toString());
        }
        const TokenState after = state();
        QCOMPARE(after.orderObjects.size(), 6);
        QCOMPARE(after.imports, qint64(1));
        checkMasterAttributes(imported->labels);
        QVERIFY(auditMentions("masters.import", "rsa-pss-sha256"));
        auto again = app::importMasters(*fixture_->station, custodians(), good_);
        QCOMPARE(int(again.error().code), int(app::Refused)); // duplicate label
        QVERIFY(state() == after);
    }

    void endpointsHoldKdf1OfTheMastersAsOpensslComputesIt() {
        auto& station = *fixture_->station;
        const QString archive = fixture_->path(QStringLiteral("line"));
        auto rack = provisioning::makeSimulatedRack({2, archive, 11, 0.0});
        provisioning::RunObserver quiet;
        std::atomic<bool> cancel{false};
        auto run = station.line().run(login("operator"), test::orderId(kOrder), {2, 0, 5, {}},
                                      *rack, quiet, cancel);
        QVERIFY2(run && !run->stoppedBy, run ? "" : qPrintable(run.error().message()));
        QCOMPARE(run->verified, 6);
        const auto line = provisioning::readLineArchive(archive);
        QCOMPARE(line.size(), std::size_t(6));
        const QString dir = fixture_->path(QStringLiteral("good/masters/"));
        const auto rule = station.orders().profile(QStringLiteral("amr-reference-v1"))->password;
        for (const auto& [address, held] : line) {
            const auto bytes = provisioning::EndpointAddress::parse(address)->bytes();
            for (auto [id, master] : {std::pair{1, "DATA_MASTER"}, std::pair{2, "DM_MASTER"},
                                      std::pair{3, "LOCAL_MASTER"}})
                QCOMPARE(hexOf(held.keys.at(id)), kdf1(dir + master, id, bytes).toHex());
            const QByteArray seed = kdf1(dir + "PASSWORD_MASTER", rule.id, bytes);
            const auto password = provisioning::passwordFromSeed(
                {reinterpret_cast<const std::uint8_t*>(seed.constData()), 16}, rule);
            QCOMPARE(hexOf(held.password), hexOf(password));
        }
    }

private:
    static QByteArray kdf1(const QString& masterFile, int id,
                           const provisioning::Address8& address) {
        const auto d = hsm::kdf1Diversifier(std::uint8_t(id), 1, address);
        return test::aesEcbBlock(test::readBytes(masterFile + QStringLiteral(".bin")),
                                 QByteArray(reinterpret_cast<const char*>(d.data()), 16));
    }

    static void setMaster(QJsonObject& json, int index, const char* field, const QString& value) {
        QJsonArray masters = json["masters"].toArray();
        QJsonObject master = masters[index].toObject();
        master[QString::fromLatin1(field)] = value;
        masters[index] = master;
        json["masters"] = masters;
    }

    QString edited(const char* name, const std::function<void(QJsonObject&)>& edit) {
        return test::editedCopy(good_, fixture_->path(QString::fromLatin1(name)), edit, side_.key);
    }

    provisioning::Principal login(const char* name) {
        return fixture_->login(QString::fromLatin1(name));
    }

    app::Custodians custodians() { return {login("custodian1"), login("custodian2")}; }

    TokenState state() {
        auto& station = *fixture_->station;
        return {*kps::provisioning::StationInternals::vault(station).objectCount(),
                *kps::provisioning::StationInternals::vault(station).orderObjectsOnToken(kOrder),
                *kps::provisioning::StationInternals::store(station).custody().importCount(
                    kOrder, QStringLiteral("masters"))};
    }

    bool auditMentions(const char* event, const char* text) {
        bool found = false;
        test::must(kps::provisioning::StationInternals::store(*fixture_->station)
                       .audit()
                       .forEach([&](const provisioning::AuditEntry& entry) {
                           found = found || (entry.event == QLatin1String(event) &&
                                             entry.detail.contains(QLatin1String(text)));
                           return provisioning::Done{};
                       }),
                   "read the audit");
        return found;
    }

    /// Read through a session of our own: what the token says about each master.
    void checkMasterAttributes(const QStringList& labels) {
        auto module = hsm::Module::load(hsm::defaultModulePath());
        QVERIFY(module);
        auto pin = secure::readPinFile(
            (fixture_->station->paths().secrets() + QStringLiteral("/user.pin")).toStdString());
        auto session = hsm::openUserSession(*module, "kps-station", *pin);
        QVERIFY(session);
        for (const QString& label : labels) {
            auto key = hsm::findByLabel(*session, CKO_SECRET_KEY, label.toStdString());
            QVERIFY(key);
            auto checked = hsm::checkFlags(*session, *key,
                                           {{CKA_TOKEN, true},
                                            {CKA_SENSITIVE, true},
                                            {CKA_EXTRACTABLE, false},
                                            {CKA_DERIVE, true},
                                            {CKA_ENCRYPT, false},
                                            {CKA_SIGN, false},
                                            {CKA_WRAP, false},
                                            {CKA_UNWRAP, false},
                                            {CKA_NEVER_EXTRACTABLE, false}},
                                           label.toStdString());
            QVERIFY2(checked, checked ? "" : checked.error().message().c_str());
        }
    }

    std::optional<test::StationFixture> fixture_;
    test::CustomerSide side_;
    QString good_;
    TokenState before_;
};

QTEST_GUILESS_MAIN(TstCustodyMasters)
#include "tst_custody_masters.moc"
