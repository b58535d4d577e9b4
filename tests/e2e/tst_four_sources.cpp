// All four key sources end to end on the simulated line: manuf, customer-masters
// (a bundle sealed with openssl alone), customer-list (a key list sealed with openssl
// alone) and random. For each, the customer listing and the head-end DM batch,
// opened as their recipients open them, hold exactly the keys the endpoints hold,
// and after the close the token holds none of the order's objects.
#include "customer_files.hpp"
#include "kps/app/custody.hpp"
#include "kps/app/order_close.hpp"
#include "kps/provisioning/line_archive.hpp"
#include "kps/provisioning/simulated_rack.hpp"
#include "kps/reports/listing_opener.hpp"
#include "station_fixture.hpp"

using namespace kps;

namespace {

constexpr int kCount = 4;

QByteArray hexOf(const hsm::SecretBytes& secret) {
    return QByteArray(reinterpret_cast<const char*>(secret.data()), qsizetype(secret.size()))
        .toHex();
}

/// Address -> "id:hex" lines (and "password:hex"), sorted, for comparing whole endpoints.
using Holdings = std::map<QString, QStringList>;

} // namespace

class TstFourSources : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        fixture_.emplace();
        side_ = {fixture_->path(QStringLiteral("customer/customer.key")),
                 fixture_->path(QStringLiteral("customer/customer.crt")),
                 fixture_->station->paths().publicCertificates() +
                     QStringLiteral("/station-import.crt")};
    }

    void endpointsHoldExactlyTheListedKeys_data() {
        QTest::addColumn<QString>("source");
        for (const char* source : {"manuf", "customer-masters", "customer-list", "random"})
            QTest::newRow(source) << QString::fromLatin1(source);
    }

    void endpointsHoldExactlyTheListedKeys() {
        QFETCH(QString, source);
        const QString order = QStringLiteral("PO-E2E-") + source.toUpper();
        const int base = 60000000 + 1000 * ++orders_;
        test::OrderSpec spec;
        spec.id = order;
        spec.keySource = source;
        spec.quantity = kCount;
        spec.first = QString::number(base);
        QStringList addresses;
        for (int i = 0; i < kCount; ++i)
            addresses << QStringLiteral("KLK-%1-01-07").arg(base + i);
        if (source == QLatin1String("customer-list"))
            for (int i = 0; i < kCount; ++i)
                spec.list << QString::number(base + i);
        auto& station = *fixture_->station;
        auto added = station.addOrder(login("supervisor"), fixture_->writeOrder(spec));
        QVERIFY2(added, added ? "" : qPrintable(added.error().message()));
        QVERIFY(station.changeOrderState(login("supervisor"), spec.id,
                                         provisioning::OrderState::Running));
        prepare(source, order, addresses);
        const auto line = run(order);
        QCOMPARE(line.size(), std::size_t(kCount));
        close(source, order);
        const QString exports = station.paths().exportsOf(order) + QLatin1Char('/');
        const Holdings listed = open(exports + order + QStringLiteral("-customer-listing.json"),
                                     QStringLiteral("customer"));
        QCOMPARE(listed, holdings(line, false));
        const Holdings dm =
            open(exports + order + QStringLiteral("-dm-batch.json"), QStringLiteral("headend"));
        QCOMPARE(dm, holdings(line, true));
        if (source == QLatin1String("customer-list"))
            QCOMPARE(listed, customerFiles(addresses));
        QVERIFY(station.vault().orderObjectsOnToken(order)->isEmpty());
    }

private:
    void prepare(const QString& source, const QString& order, const QStringList& addresses) {
        auto& station = *fixture_->station;
        const QString dir = fixture_->path(order);
        std::atomic<bool> cancel{false};
        provisioning::ImportObserver quiet;
        if (source == QLatin1String("customer-masters")) {
            auto imported =
                app::importMasters(station, custodians(), test::sealMasters(side_, order, dir));
            QVERIFY2(imported, imported ? "" : qPrintable(imported.error().message));
        } else if (source == QLatin1String("customer-list")) {
            auto imported =
                app::importKeyList(station, custodians(),
                                   test::sealKeyList(side_, order, dir, addresses), quiet, cancel);
            QVERIFY2(imported, imported ? "" : qPrintable(imported.error().message));
        }
    }

    std::map<QString, provisioning::ArchivedEndpoint> run(const QString& order) {
        const QString archive = fixture_->path(order + QStringLiteral("-line"));
        auto rack = provisioning::makeSimulatedRack({2, archive, 3, 0.0});
        provisioning::RunObserver quiet;
        std::atomic<bool> cancel{false};
        auto result =
            fixture_->station->run(login("operator"), order, {2, 0, 5, {}}, *rack, quiet, cancel);
        if (!result || result->stoppedBy)
            qWarning("%s: %s", qPrintable(order),
                     qPrintable(result ? result->stoppedBy->message() : result.error().message()));
        return provisioning::readLineArchive(archive);
    }

    void close(const QString& source, const QString& order) {
        auto& station = *fixture_->station;
        if (source.startsWith(QLatin1String("customer-"))) {
            auto destroyed = app::destroyCustomerKeys(station, custodians(), order);
            QVERIFY2(destroyed, destroyed ? "" : qPrintable(destroyed.error().message));
        }
        auto closed = app::closeOrder(station, login("supervisor"), order);
        QVERIFY2(closed, closed ? "" : qPrintable(closed.error().message));
    }

    Holdings open(const QString& listing, const QString& party) {
        const QString keys = fixture_->path(party + QLatin1Char('/') + party);
        Holdings result;
        auto opened = reports::openListing(
            {listing, keys + QStringLiteral(".key"),
             fixture_->station->paths().publicCertificates() +
                 QStringLiteral("/station-signing.crt"),
             keys + QStringLiteral(".crt")},
            [&](const reports::OpenedEndpoint& endpoint) {
                QStringList& held = result[endpoint.address];
                for (const auto& secret : endpoint.secrets)
                    held << (secret.role == QLatin1String("password")
                                 ? QStringLiteral("password:")
                                 : QString::number(secret.id) + QLatin1Char(':')) +
                                QString::fromLatin1(hexOf(secret.value));
                held.sort();
            });
        if (!opened)
            qWarning("%s: %s", qPrintable(listing), qPrintable(opened.error().message()));
        return result;
    }

    static Holdings holdings(const std::map<QString, provisioning::ArchivedEndpoint>& line,
                             bool dmOnly) {
        Holdings result;
        for (const auto& [address, held] : line) {
            QStringList& entry = result[address];
            for (const auto& [id, value] : held.keys)
                if (!dmOnly || id == 2) // the reference profile's DM key
                    entry << QString::number(id) + QLatin1Char(':') +
                                 QString::fromLatin1(hexOf(value));
            if (!dmOnly)
                entry << QStringLiteral("password:") + QString::fromLatin1(hexOf(held.password));
            entry.sort();
        }
        return result;
    }

    Holdings customerFiles(const QStringList& addresses) {
        Holdings result;
        for (const QString& address : addresses) {
            const QString dir =
                fixture_->path(QStringLiteral("PO-E2E-CUSTOMER-LIST/keys/") + address);
            QStringList& entry = result[address];
            for (int id : {1, 2, 3})
                entry << QString::number(id) + QLatin1Char(':') +
                             QString::fromLatin1(
                                 test::readBytes(dir + QStringLiteral("/%1.bin").arg(id)).toHex());
            entry << QStringLiteral("password:") +
                         QString::fromLatin1(
                             test::readBytes(dir + QStringLiteral("/password.txt")).toHex());
            entry.sort();
        }
        return result;
    }

    provisioning::Principal login(const char* name) {
        return fixture_->login(QString::fromLatin1(name));
    }
    app::Custodians custodians() { return {login("custodian1"), login("custodian2")}; }

    std::optional<test::StationFixture> fixture_;
    test::CustomerSide side_;
    int orders_ = 0;
};

QTEST_MAIN(TstFourSources) // QApplication: closing an order draws the report (Qt Charts)
#include "tst_four_sources.moc"
