// All four key sources end to end on the simulated line: manuf, customer-masters
// (a bundle sealed with openssl alone), customer-list (a key list sealed with openssl
// alone) and random. For each, the customer listing and the head-end DM batch,
// opened as their recipients open them, hold exactly the keys the endpoints hold,
// and after the close the token holds none of the order's objects.
#include "key_source_orders.hpp"
#include "kps/provisioning/line_archive.hpp"
#include "kps/provisioning/testing/station_internals.hpp"
#include "kps/reports/listing_opener.hpp"

using namespace kps;

namespace {

constexpr int kCount = 4;

QByteArray hexOf(const secure::SecretBytes& secret) {
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
        orders_.emplace(*fixture_);
    }

    void endpointsHoldExactlyTheListedKeys_data() {
        QTest::addColumn<QString>("source");
        for (const char* source : {"manuf", "customer-masters", "customer-list", "random"})
            QTest::newRow(source) << QString::fromLatin1(source);
    }

    void endpointsHoldExactlyTheListedKeys() {
        QFETCH(QString, source);
        const QString order = QStringLiteral("PO-E2E-") + source.toUpper();
        const int base = 60000000 + 1000 * ++started_;
        auto& station = *fixture_->station;
        orders_->start(order, source, base, kCount);
        if (const QString why = orders_->run(order); !why.isEmpty())
            qWarning("%s: %s", qPrintable(order), qPrintable(why));
        const auto line = provisioning::readLineArchive(orders_->archiveOf(order));
        QCOMPARE(line.size(), std::size_t(kCount));
        orders_->close(source, order);
        const QString exports = station.paths().exportsOf(order) + QLatin1Char('/');
        const Holdings listed = open(exports + order + QStringLiteral("-customer-listing.json"),
                                     QStringLiteral("customer"));
        QCOMPARE(listed, holdings(line, false));
        const Holdings dm =
            open(exports + order + QStringLiteral("-dm-batch.json"), QStringLiteral("headend"));
        QCOMPARE(dm, holdings(line, true));
        if (source == QLatin1String("customer-list"))
            QCOMPARE(listed, customerFiles(test::KeySourceOrders::addresses(base, kCount)));
        QVERIFY(kps::provisioning::StationInternals::vault(station)
                    .orderObjectsOnToken(order)
                    ->isEmpty());
    }

private:
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

    std::optional<test::StationFixture> fixture_;
    std::optional<test::KeySourceOrders> orders_;
    int started_ = 0;
};

QTEST_MAIN(TstFourSources) // QApplication: closing an order draws the report (Qt Charts)
#include "tst_four_sources.moc"
