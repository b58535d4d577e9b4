// Re-keying (PSD handover): endpoints produced by one order come back to the line and
// get new keys under a re-keying order (addresses.list); the new listing holds exactly
// the new keys the endpoints hold, the replaced keys' KCVs stay in the key history,
// and no address is ever issued twice to a new endpoint.
#include "batch_check.hpp"
#include "cli_station.hpp"
#include "customer_files.hpp"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace kps;

namespace {

QJsonObject jsonOf(const test::ProcessResult& result) {
    return QJsonDocument::fromJson(result.out).object();
}

/// The alarms a run's --json result names, by message.
QStringList alarmsOf(const QJsonObject& result) {
    QStringList messages;
    for (const QJsonValue& alarm : result[QStringLiteral("alarms")].toArray())
        messages << alarm[QStringLiteral("message")].toString();
    return messages;
}

QStringList run(const QString& orderId) {
    return {QStringLiteral("--json"), QStringLiteral("run"),     orderId,
            QStringLiteral("--sim"),  QStringLiteral("--slots"), QStringLiteral("2")};
}

} // namespace

class TstRekey : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        test::OrderSpec stock;
        stock.id = QStringLiteral("PO-STOCK");
        stock.quantity = 8;
        stock.first = QStringLiteral("00500000");
        station_.addStartedOrder(stock);
        QCOMPARE(station_.kps(QStringLiteral("operator"), run(stock.id)).exitCode, 0);
        QCOMPARE(station_.kps(QStringLiteral("supervisor"), {QStringLiteral("close"), stock.id})
                     .exitCode,
                 0);
        stockKcvs_ = kcvsOf(QStringLiteral("KLK-00500002-01-07"));
        QCOMPARE(stockKcvs_.size(), 1);
    }

    void rekeysListedEndpointsWithNewKeys() {
        test::OrderSpec rekey;
        rekey.id = QStringLiteral("PO-HANDOVER");
        rekey.keySource = QStringLiteral("random");
        rekey.rekey = true;
        rekey.quantity = 5;
        rekey.list = {QStringLiteral("00500001"), QStringLiteral("00500002"),
                      QStringLiteral("00500003"), QStringLiteral("00500005"),
                      QStringLiteral("00500007")};
        station_.addStartedOrder(rekey);
        const auto ran = station_.kps(QStringLiteral("operator"), run(rekey.id));
        QVERIFY2(ran.exitCode == 0, ran.err.constData());
        QCOMPARE(jsonOf(ran)[QStringLiteral("verified")].toInt(), 5);
        QVERIFY(jsonOf(ran)[QStringLiteral("orderComplete")].toBool());
        // A clean run raises no slot alarm when its slots run out of returned endpoints:
        // the only alarm is the order's quantity reached.
        QVERIFY(jsonOf(ran).contains(QStringLiteral("alarms")));
        const QStringList alarms = alarmsOf(jsonOf(ran));
        QVERIFY2(alarms.filter(QStringLiteral("in a row")).isEmpty(),
                 qPrintable(alarms.join(u'\n')));
        QCOMPARE(jsonOf(ran)[QStringLiteral("slotsStopped")].toInt(), 0);
        QCOMPARE(station_.kps(QStringLiteral("supervisor"), {QStringLiteral("close"), rekey.id})
                     .exitCode,
                 0);

        const auto facts = test::readStoreFacts(station_.database(), rekey.id);
        QCOMPARE(facts.verified, 5);
        QCOMPARE(facts.failed, 0);
        QSet<QString> listed;
        for (const QString& id : rekey.list)
            listed.insert(QStringLiteral("KLK-%1-01-07").arg(id));
        QCOMPARE(facts.verifiedAddresses, listed);
        const auto listing =
            test::checkListing(station_.listingRequest(rekey.id), station_.archive());
        QVERIFY2(listing.opened, qPrintable(listing.error));
        QCOMPARE(listing.addresses, listed);
        QCOMPARE(listing.matched, 5); // the endpoints hold the new keys
        QCOMPARE(listing.differ, 0);
        const auto archive = test::readArchive(station_.archive());
        QCOMPARE(archive.files, 8); // the 3 unlisted stock endpoints are untouched
        QCOMPARE(archive.duplicateAddresses, 0);

        const auto shown = station_.kps(QStringLiteral("auditor"),
                                        {QStringLiteral("--json"), QStringLiteral("endpoint"),
                                         QStringLiteral("KLK-00500002-01-07")});
        QCOMPARE(shown.exitCode, 0);
        const QJsonObject history = jsonOf(shown);
        QCOMPARE(history[QStringLiteral("rows")].toArray().size(), 2);
        const QJsonArray replaced = history[QStringLiteral("keyHistory")].toArray();
        QCOMPARE(replaced.size(), 3); // data, DM and local keys of the stock order
        QJsonObject replacedKcvs;
        for (const QJsonValue& key : replaced) {
            QCOMPARE(key[QStringLiteral("from")].toString(), QStringLiteral("PO-STOCK"));
            QCOMPARE(key[QStringLiteral("replacedBy")].toString(), rekey.id);
            replacedKcvs.insert(QString::number(key[QStringLiteral("id")].toInt()),
                                key[QStringLiteral("kcv")]);
        }
        QCOMPARE(replacedKcvs, stockKcvs_.first());
        const QJsonObject newKcvs = history[QStringLiteral("rows")]
                                        .toArray()[1]
                                        .toObject()[QStringLiteral("kcv")]
                                        .toObject();
        for (const QString& id : newKcvs.keys())
            QVERIFY(newKcvs[id] != replacedKcvs[id]);
    }

    /// PSD handover to a customer with its own masters: the custodians import them, the
    /// line re-keys, the custodians destroy them, the supervisor closes.
    void rekeysWithTheCustomersMasters() {
        test::OrderSpec rekey;
        rekey.id = QStringLiteral("PO-HANDOVER-CM");
        rekey.keySource = QStringLiteral("customer-masters");
        rekey.rekey = true;
        rekey.quantity = 2;
        rekey.list = {QStringLiteral("00500004"), QStringLiteral("00500006")};
        station_.addStartedOrder(rekey);
        const test::CustomerSide side{
            station_.fixture.path(QStringLiteral("customer/customer.key")),
            station_.fixture.path(QStringLiteral("customer/customer.crt")),
            station_.directory() + QStringLiteral("/public/station-import.crt")};
        const QString masters =
            test::sealMasters(side, rekey.id, station_.fixture.path(QStringLiteral("masters")));
        const auto custodians = [&](const QStringList& arguments) {
            return test::runKps(
                station_.command(arguments),
                station_.as(QStringLiteral("custodian1"), QStringLiteral("custodian2")));
        };
        QCOMPARE(
            custodians({QStringLiteral("masters"), QStringLiteral("import"), masters}).exitCode, 0);
        const auto ran = station_.kps(QStringLiteral("operator"), run(rekey.id));
        QVERIFY2(ran.exitCode == 0, ran.err.constData());
        QCOMPARE(jsonOf(ran)[QStringLiteral("verified")].toInt(), 2);
        QCOMPARE(custodians({QStringLiteral("destroy"), rekey.id}).exitCode, 0);
        QCOMPARE(station_.kps(QStringLiteral("supervisor"), {QStringLiteral("close"), rekey.id})
                     .exitCode,
                 0);
        const auto listing =
            test::checkListing(station_.listingRequest(rekey.id), station_.archive());
        QVERIFY2(listing.opened, qPrintable(listing.error));
        QCOMPARE(listing.addresses, (QSet<QString>{QStringLiteral("KLK-00500004-01-07"),
                                                   QStringLiteral("KLK-00500006-01-07")}));
        QCOMPARE(listing.matched, 2);
        QCOMPARE(kcvsOf(QStringLiteral("KLK-00500004-01-07")).size(), 2); // stock, handover

        // The report names both custodians of each dual-control step (import, destroy).
        QFile reportFile(QDir(station_.directory())
                             .filePath(QStringLiteral("exports/%1/%1-report.json").arg(rekey.id)));
        QVERIFY(reportFile.open(QIODevice::ReadOnly));
        const QJsonObject report = QJsonDocument::fromJson(reportFile.readAll()).object();
        QStringList named;
        for (const QJsonValue& name : report[QStringLiteral("custodians")].toArray())
            named << name.toString();
        QCOMPARE(named, (QStringList{QStringLiteral("custodian1"), QStringLiteral("custodian2")}));
        // ... and the SHA-256 of the profile pinned to the order at order add.
        QCOMPARE(report[QStringLiteral("profileSha256")].toString().size(), 64);
    }

    void refusesBadRekeyingOrders() {
        test::OrderSpec unknown;
        unknown.id = QStringLiteral("PO-UNKNOWN");
        unknown.keySource = QStringLiteral("random");
        unknown.rekey = true;
        unknown.quantity = 1;
        unknown.list = {QStringLiteral("00900000")};
        const auto added = station_.kps(
            QStringLiteral("supervisor"),
            {QStringLiteral("order"), QStringLiteral("add"), station_.fixture.writeOrder(unknown)});
        QCOMPARE(added.exitCode, 2);
        QVERIFY(added.err.contains("/addresses/list/0"));

        test::OrderSpec manuf = unknown;
        manuf.id = QStringLiteral("PO-MANUF-REKEY");
        manuf.keySource = QStringLiteral("manuf");
        manuf.list = {QStringLiteral("00500004")};
        const auto refused = station_.kps(
            QStringLiteral("supervisor"),
            {QStringLiteral("order"), QStringLiteral("add"), station_.fixture.writeOrder(manuf)});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY(refused.err.contains("/keySource"));

        test::OrderSpec reissue = unknown; // new endpoints at an address issued before
        reissue.id = QStringLiteral("PO-REISSUE");
        reissue.rekey = false;
        reissue.list = {QStringLiteral("00500003")};
        const auto reissued = station_.kps(
            QStringLiteral("supervisor"),
            {QStringLiteral("order"), QStringLiteral("add"), station_.fixture.writeOrder(reissue)});
        QCOMPARE(reissued.exitCode, 2);
        QVERIFY(reissued.err.contains("was issued already"));
    }

    void newProductionNeverReusesAnAddress() {
        test::OrderSpec more;
        more.id = QStringLiteral("PO-MORE");
        more.quantity = 3;
        more.first = QStringLiteral("00500006"); // overlaps the stock's addresses
        const auto added = station_.kps(
            QStringLiteral("supervisor"),
            {QStringLiteral("order"), QStringLiteral("add"), station_.fixture.writeOrder(more)});
        QCOMPARE(added.exitCode, 3); // its range overlaps the stock order
        more.first = QStringLiteral("00500100");
        station_.addStartedOrder(more);
        QCOMPARE(station_.kps(QStringLiteral("operator"), run(more.id)).exitCode, 0);
        const auto facts = test::readStoreFacts(station_.database(), more.id);
        QCOMPARE(facts.verified, 3);
        const auto archive = test::readArchive(station_.archive());
        QCOMPARE(archive.files, 11); // 8 stock endpoints (7 of them re-keyed since), 3 new
        QCOMPARE(archive.duplicateAddresses, 0);
    }

private:
    /// The KCVs (key id -> KCV) of every row of an address, oldest first.
    QList<QJsonObject> kcvsOf(const QString& address) {
        const auto shown =
            station_.kps(QStringLiteral("auditor"),
                         {QStringLiteral("--json"), QStringLiteral("endpoint"), address});
        QList<QJsonObject> kcvs;
        for (const QJsonValue& row : jsonOf(shown)[QStringLiteral("rows")].toArray())
            kcvs << row[QStringLiteral("kcv")].toObject();
        return kcvs;
    }

    test::CliStation station_;
    QList<QJsonObject> stockKcvs_;
};

QTEST_GUILESS_MAIN(TstRekey)
#include "tst_rekey.moc"
