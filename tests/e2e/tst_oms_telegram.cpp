// The key the customer received is the key the endpoint holds, proven over the air:
// a demo line provisions endpoints (through the real CMSIS-DAP stack and the
// simulated probe), the customer opens the listing, each endpoint - rebuilt from
// its archived key-store page - emits an OMS security mode 5 telegram with its
// data key, and the customer decrypts it with the data key from the listing, both
// with our code and with the openssl command line alone. The OMS vector is checked
// byte for byte on the way.
#include "cli_runner.hpp"
#include "kps/jigs/keystore_record.hpp"
#include "kps/jigs/oms_telegram.hpp"
#include "kps/jigs/reference_endpoint.hpp"
#include "kps/provisioning/address.hpp"
#include "kps/reports/listing_opener.hpp"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

using namespace kps;
using Bytes = std::vector<std::uint8_t>;

namespace {

QByteArray readFile(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray hexOf(std::span<const std::uint8_t> bytes) {
    return QByteArray(reinterpret_cast<const char*>(bytes.data()), qsizetype(bytes.size())).toHex();
}

/// AES-128-CBC decryption of the encrypted blocks with the openssl command line.
QByteArray opensslDecrypt(const QByteArray& keyHex, const Bytes& telegram) {
    std::array<std::uint8_t, 8> address{};
    std::copy_n(telegram.begin() + 2, 8, address.begin());
    const auto iv = jigs::oms::mode5Iv(address, telegram[11]);
    const std::size_t blocks = (telegram[13] >> 4) & 0x0F;
    const QByteArray encrypted(reinterpret_cast<const char*>(telegram.data()) + 15,
                               qsizetype(blocks * 16));
    auto result = test::runProgram(QStringLiteral("openssl"),
                                   {QStringLiteral("enc"), QStringLiteral("-d"),
                                    QStringLiteral("-aes-128-cbc"), QStringLiteral("-nopad"),
                                    QStringLiteral("-K"), QString::fromLatin1(keyHex),
                                    QStringLiteral("-iv"), QString::fromLatin1(hexOf(iv))},
                                   encrypted);
    return result.exitCode == 0 ? result.out : QByteArray();
}

} // namespace

class TstOmsTelegram : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QFile file(QStringLiteral(KPS_TEST_VECTORS "/oms-mode5.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        vector_ = QJsonDocument::fromJson(file.readAll()).object();
    }

    void vectorDecryptsWithOpensslAlone() {
        const QByteArray telegram =
            QByteArray::fromHex(vector_[QStringLiteral("telegram")].toString().toLatin1());
        const Bytes bytes(telegram.begin(), telegram.end());
        const QByteArray plain =
            opensslDecrypt(vector_[QStringLiteral("key")].toString().toLatin1().toLower(), bytes);
        QVERIFY(plain.toHex().toUpper().startsWith(
            vector_[QStringLiteral("plaintextStartsWith")].toString().toLatin1()));
    }

    void endpointTelegramsDecryptWithTheListingKey() {
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("demo"));
        auto demo = test::runKps({QStringLiteral("demo"), QStringLiteral("--out"), out,
                                  QStringLiteral("--count"), QStringLiteral("4"),
                                  QStringLiteral("--slots"), QStringLiteral("2")});
        QVERIFY2(demo.exitCode == 0, demo.err.constData());
        const QString exports = out + QStringLiteral("/station/exports/PO-DEMO-0001/");
        std::map<QString, QByteArray> dataKeys; // address -> hex, as the customer opened it
        auto opened =
            reports::openListing({exports + QStringLiteral("PO-DEMO-0001-customer-listing.json"),
                                  out + QStringLiteral("/customer/customer.key"),
                                  exports + QStringLiteral("station-signing.crt"),
                                  {}},
                                 [&](const reports::OpenedEndpoint& endpoint) {
                                     for (const auto& secret : endpoint.secrets)
                                         if (secret.role == QLatin1String("data"))
                                             dataKeys[endpoint.address] =
                                                 hexOf(secret.value.span());
                                 });
        QVERIFY2(opened, opened ? "" : qPrintable(opened.error().message()));
        QCOMPARE(dataKeys.size(), std::size_t(4));

        const QByteArray reading = QByteArray::fromHex(
            vector_[QStringLiteral("plaintextStartsWith")].toString().toLatin1());
        const Bytes plaintext(reading.begin(), reading.end());
        int checked = 0;
        const auto pages = QDir(out + QStringLiteral("/line"))
                               .entryInfoList({QStringLiteral("*.keystore")}, QDir::Files);
        QCOMPARE(pages.size(), 4);
        for (const QFileInfo& info : pages) {
            const QByteArray page = readFile(info.filePath());
            const std::span<const std::uint8_t> pageBytes(
                reinterpret_cast<const std::uint8_t*>(page.data()), std::size_t(page.size()));
            jigs::ReferenceEndpoint endpoint(jigs::referenceTarget(), {});
            endpoint.provisionDirectly(pageBytes.first(jigs::recordLengthInPage(pageBytes)));
            auto telegram = endpoint.emitTelegram(std::uint8_t(0x10 + checked), plaintext);
            QVERIFY2(telegram, telegram ? "" : telegram.error().message().c_str());
            std::array<std::uint8_t, 8> onAir{};
            std::copy_n(telegram->begin() + 2, 8, onAir.begin());
            const QString address = provisioning::EndpointAddress::fromBytes(onAir).text();
            QVERIFY2(dataKeys.count(address), qPrintable(address));
            const QByteArray keyHex = dataKeys[address];
            const QByteArray key = QByteArray::fromHex(keyHex);
            auto ours = jigs::oms::decryptMode5(
                std::span(reinterpret_cast<const std::uint8_t*>(key.data()), 16), *telegram);
            QVERIFY(ours);
            QVERIFY(std::equal(plaintext.begin(), plaintext.end(), ours->begin()));
            const QByteArray theirs = opensslDecrypt(keyHex, *telegram);
            QVERIFY(theirs.startsWith(reading));
            ++checked;
        }
        QCOMPARE(checked, 4);
    }

private:
    QJsonObject vector_;
};

QTEST_GUILESS_MAIN(TstOmsTelegram)
#include "tst_oms_telegram.moc"
