// Secrets the station cannot make again from a master: a customer's key list and
// random keys. Both are kept wrapped under the order's storage KEK in the store
// (never as token objects: the token does not grow with the list), recorded before
// injection, and made again from that copy (remake) for a retry or a recovery.
#include "customer_files.hpp"
#include "kps/app/operations/custody.hpp"
#include "kps/provisioning/key_plan.hpp"
#include "kps/provisioning/line_archive.hpp"
#include "kps/provisioning/simulated_rack.hpp"
#include "kps/provisioning/testing/station_internals.hpp"
#include "order_ids.hpp"
#include "station_fixture.hpp"

#include <QJsonArray>

using namespace kps;

namespace {

const QString kListOrder = QStringLiteral("PO-CL-0001");
const QString kRandomOrder = QStringLiteral("PO-RND-0001");

QByteArray hexOf(const secure::SecretBytes& secret) {
    return QByteArray(reinterpret_cast<const char*>(secret.data()), qsizetype(secret.size()))
        .toHex();
}

class Cancelled final : public provisioning::ImportObserver {};

} // namespace

class TstStoredSecrets : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        fixture_.emplace();
        auto& station = *fixture_->station;
        test::OrderSpec list;
        list.id = kListOrder;
        list.keySource = QStringLiteral("customer-list");
        list.quantity = 5;
        for (int i = 0; i < 5; ++i) {
            list.list << QStringLiteral("0040000%1").arg(i);
            addresses_ << QStringLiteral("KLK-0040000%1-01-07").arg(i);
        }
        QVERIFY(station.orders().add(login("supervisor"), fixture_->writeOrder(list)));
        QVERIFY(station.orders().changeState(login("supervisor"), test::orderId(list.id),
                                             provisioning::OrderState::Running));
        test::OrderSpec random;
        random.id = kRandomOrder;
        random.keySource = QStringLiteral("random");
        random.quantity = 5;
        random.first = QStringLiteral("00500000");
        QVERIFY(station.orders().add(login("supervisor"), fixture_->writeOrder(random)));
        QVERIFY(station.orders().changeState(login("supervisor"), test::orderId(random.id),
                                             provisioning::OrderState::Running));
        side_ = {fixture_->path(QStringLiteral("customer/customer.key")),
                 fixture_->path(QStringLiteral("customer/customer.crt")),
                 station.paths().publicCertificates() + QStringLiteral("/station-import.crt")};
        good_ = test::sealKeyList(side_, kListOrder, fixture_->path(QStringLiteral("list")),
                                  addresses_);
        objectsBefore_ = *kps::provisioning::StationInternals::vault(station).objectCount();
    }

    void badKeyLists_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("says");
        QTest::newRow("KCV mismatch")
            << edited("kcv.json", [](QJsonObject& json) { setKey(json, 3, 1, "kcv", "abcdef"); })
            << QStringLiteral("key check value");
        QTest::newRow("not an address of the order")
            << edited(
                   "address.json",
                   [](QJsonObject& json) { setEndpoint(json, 2, "address", "KLK-00499999-01-07"); })
            << QStringLiteral("/endpoints/2/address");
        QTest::newRow("listed twice") << edited("twice.json", [](QJsonObject& json) {
            setEndpoint(json, 4, "address", "KLK-00400000-01-07");
        }) << QStringLiteral("listed twice");
        QTest::newRow("no password") << edited("nopassword.json", [](QJsonObject& json) {
            QJsonArray endpoints = json["endpoints"].toArray();
            QJsonObject endpoint = endpoints[1].toObject();
            endpoint.remove("password");
            endpoints[1] = endpoint;
            json["endpoints"] = endpoints;
        }) << QStringLiteral("/endpoints/1/password");
        QTest::newRow("key of another profile")
            << edited("role.json", [](QJsonObject& json) { setKey(json, 0, 2, "role", "fleet"); })
            << QStringLiteral("not a key of the profile");
        QTest::newRow("truncated wrap") << edited("short.json", [](QJsonObject& json) {
            setKey(json, 4, 0, "wrapped", "AAAAAAAAAAAAAAAA");
        }) << QStringLiteral("/endpoints/4/keys/0/wrapped");
    }

    void badKeyLists() {
        QFETCH(QString, file);
        QFETCH(QString, says);
        std::atomic<bool> cancel{false};
        auto imported = app::importKeyList(*fixture_->station, custodians(), file, quiet_, cancel);
        QVERIFY(!imported);
        QCOMPARE(int(imported.error().code), int(app::BadInput));
        QVERIFY2(imported.error().message.contains(says), qPrintable(imported.error().message));
        checkNothingImported();
    }

    void cancelledImportLeavesNothing() {
        std::atomic<bool> cancel{true};
        auto imported = app::importKeyList(*fixture_->station, custodians(), good_, quiet_, cancel);
        QCOMPARE(int(imported.error().code), int(app::Refused));
        QVERIFY(imported.error().message.contains(QStringLiteral("cancelled")));
        checkNothingImported();
    }

    void keyListIsStoredWrappedAndTheTokenDoesNotGrow() {
        auto& station = *fixture_->station;
        std::atomic<bool> cancel{false};
        auto imported = app::importKeyList(station, custodians(), good_, quiet_, cancel);
        QVERIFY2(imported, imported ? "" : qPrintable(imported.error().message));
        QCOMPARE(imported->items, qint64(5));
        QCOMPARE(*kps::provisioning::StationInternals::vault(station).objectCount(),
                 objectsBefore_);
        QCOMPARE(*kps::provisioning::StationInternals::store(station).custody().listedAddresses(
                     kListOrder),
                 addresses_);
        const QJsonArray endpoints =
            QJsonDocument::fromJson(test::readBytes(good_)).object()["endpoints"].toArray();
        auto rows = kps::provisioning::StationInternals::store(station).custody().listedSecrets(
            kListOrder, addresses_[0]);
        QCOMPARE(rows->size(), std::size_t(4));
        for (const auto& row : *rows) {
            QVERIFY(!row.storageWrapped.isEmpty());
            if (row.role != provisioning::SecretRole::Password)
                QCOMPARE(row.kcv, endpoints[0]["keys"][row.id - 1]["kcv"].toString());
        }
    }

    void endpointsHoldExactlyTheListedKeys() {
        const auto line = runOrder(kListOrder, QStringLiteral("list-line"));
        QCOMPARE(line.size(), std::size_t(5));
        for (const auto& [address, held] : line) {
            const QString dir = fixture_->path(QStringLiteral("list/keys/") + address);
            for (int id : {1, 2, 3})
                QCOMPARE(hexOf(held.keys.at(id)),
                         test::readBytes(dir + QStringLiteral("/%1.bin").arg(id)).toHex());
            QCOMPARE(hexOf(held.password),
                     test::readBytes(dir + QStringLiteral("/password.txt")).toHex());
        }
    }

    void randomSecretsAreRemadeFromTheirStorageCopy() {
        auto& station = *fixture_->station;
        const auto line = runOrder(kRandomOrder, QStringLiteral("random-line"));
        QCOMPARE(line.size(), std::size_t(5));
        auto record = station.orders().find(test::orderId(kRandomOrder));
        auto plan =
            provisioning::planKeys(*station.orders().profile(record->order.profile), record->order);
        auto vault = kps::provisioning::StationInternals::vault(station).openSession(
            provisioning::kekLabelsFor(kRandomOrder));
        QVERIFY(plan && vault);
        int remade = 0;
        const auto visited =
            kps::provisioning::StationInternals::store(station).endpoints().forEach(
                kRandomOrder, provisioning::EndpointState::Verified,
                [&](const provisioning::EndpointRow& row) {
                    const auto bytes = provisioning::EndpointAddress::parse(row.address)->bytes();
                    const auto& held = line.at(row.address);
                    for (const auto& secret : row.secrets) {
                        const bool password = secret.role == provisioning::SecretRole::Password;
                        const auto& recipe = password ? plan->password : plan->keys[secret.id - 1];
                        auto again = (*vault)->remake(recipe, secret, bytes);
                        if (!again || secret.storageWrapped.isEmpty())
                            return provisioning::Done{};
                        const auto& expected = password ? held.password : held.keys.at(secret.id);
                        remade += hexOf(again->plain) == hexOf(expected) &&
                                  again->row.customerWrapped == secret.customerWrapped;
                    }
                    return provisioning::Done{};
                });
        QVERIFY(visited);
        QCOMPARE(remade, 5 * 4);
        // A storage copy that does not match its recorded KCV is refused.
        provisioning::EndpointRow first;
        QVERIFY(kps::provisioning::StationInternals::store(station).endpoints().forEach(
            kRandomOrder, std::nullopt, [&](const provisioning::EndpointRow& row) {
                if (first.address.isEmpty())
                    first = row;
                return provisioning::Done{};
            }));
        auto wrong = first.secrets.front();
        wrong.kcv = QStringLiteral("000000");
        const auto bytes = provisioning::EndpointAddress::parse(first.address)->bytes();
        auto refused = (*vault)->remake(plan->keys.front(), wrong, bytes);
        QVERIFY(!refused);
        QVERIFY(refused.error().reason.contains(QStringLiteral("the store says 000000")));
    }

private:
    static void setEndpoint(QJsonObject& json, int index, const char* field, const char* value) {
        QJsonArray endpoints = json["endpoints"].toArray();
        QJsonObject endpoint = endpoints[index].toObject();
        endpoint[QString::fromLatin1(field)] = QString::fromLatin1(value);
        endpoints[index] = endpoint;
        json["endpoints"] = endpoints;
    }

    static void setKey(QJsonObject& json, int index, int key, const char* field,
                       const char* value) {
        QJsonArray endpoints = json["endpoints"].toArray();
        QJsonObject endpoint = endpoints[index].toObject();
        QJsonArray keys = endpoint["keys"].toArray();
        QJsonObject entry = keys[key].toObject();
        entry[QString::fromLatin1(field)] = QString::fromLatin1(value);
        keys[key] = entry;
        endpoint["keys"] = keys;
        endpoints[index] = endpoint;
        json["endpoints"] = endpoints;
    }

    QString edited(const char* name, const std::function<void(QJsonObject&)>& edit) {
        return test::editedCopy(good_, fixture_->path(QString::fromLatin1(name)), edit, side_.key);
    }

    provisioning::Principal login(const char* name) {
        return fixture_->login(QString::fromLatin1(name));
    }

    app::Custodians custodians() { return {login("custodian1"), login("custodian2")}; }

    void checkNothingImported() {
        auto& station = *fixture_->station;
        QVERIFY(kps::provisioning::StationInternals::store(station)
                    .custody()
                    .listedAddresses(kListOrder)
                    ->isEmpty());
        QCOMPARE(*kps::provisioning::StationInternals::store(station).custody().importCount(
                     kListOrder, QStringLiteral("key-list")),
                 qint64(0));
        QCOMPARE(*kps::provisioning::StationInternals::vault(station).objectCount(),
                 objectsBefore_);
    }

    std::map<QString, provisioning::ArchivedEndpoint> runOrder(const QString& order,
                                                               const QString& archive) {
        auto rack = provisioning::makeSimulatedRack({2, fixture_->path(archive), 5, 0.0});
        provisioning::RunObserver observer;
        std::atomic<bool> cancel{false};
        auto run = fixture_->station->line().run(login("operator"), test::orderId(order),
                                                 {2, 0, 5, {}}, *rack, observer, cancel);
        if (!run || run->stoppedBy)
            qWarning("run %s: %s", qPrintable(order),
                     qPrintable(run ? run->stoppedBy->message() : run.error().message()));
        return provisioning::readLineArchive(fixture_->path(archive));
    }

    std::optional<test::StationFixture> fixture_;
    test::CustomerSide side_;
    QString good_;
    QStringList addresses_;
    std::size_t objectsBefore_ = 0;
    Cancelled quiet_;
};

QTEST_GUILESS_MAIN(TstStoredSecrets)
#include "tst_stored_secrets.moc"
