// OMS security mode 5, byte for byte against tests/vectors/oms-mode5.json: the
// vector telegram decrypts with its key, the same plaintext encrypts back to the
// same bytes, and a reference endpoint holding that key (in its key store, at that
// address) emits exactly the vector telegram.
#include "kps/jigs/keystore_record.hpp"
#include "kps/jigs/oms_telegram.hpp"
#include "kps/jigs/reference_endpoint.hpp"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace kps::jigs;
using Bytes = std::vector<std::uint8_t>;

namespace {

Bytes hexBytes(const QJsonObject& vector, const char* field) {
    const QByteArray bytes =
        QByteArray::fromHex(vector[QLatin1String(field)].toString().toLatin1());
    return Bytes(bytes.begin(), bytes.end());
}

} // namespace

class TstOmsMode5 : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QFile file(QStringLiteral(KPS_TEST_VECTORS "/oms-mode5.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        vector_ = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(vector_[QStringLiteral("mode")].toInt(), 5);
        key_ = hexBytes(vector_, "key");
        telegram_ = hexBytes(vector_, "telegram");
        QCOMPARE(key_.size(), std::size_t(16));
    }

    void ivFromManufacturerAddressAndAccessNumber() {
        std::array<std::uint8_t, 8> address{};
        std::copy_n(telegram_.begin() + 2, 8, address.begin());
        const auto iv = oms::mode5Iv(address, telegram_[11]);
        QCOMPARE(Bytes(iv.begin(), iv.end()), hexBytes(vector_, "iv"));
    }

    void decryptsTheVector() {
        auto plaintext = oms::decryptMode5(key_, telegram_);
        QVERIFY2(plaintext, plaintext ? "" : plaintext.error().message().c_str());
        const Bytes start = hexBytes(vector_, "plaintextStartsWith");
        QCOMPARE(plaintext->size(), std::size_t(32));
        QVERIFY(std::equal(start.begin(), start.end(), plaintext->begin()));
        QCOMPARE(plaintext->back(), std::uint8_t(0x2F));
        Bytes wrongKey = key_;
        wrongKey[0] ^= 1;
        QVERIFY(!oms::decryptMode5(wrongKey, telegram_)); // no 2F2F with another key
    }

    void encryptsBackToTheSameBytes() {
        auto plaintext = oms::decryptMode5(key_, telegram_);
        QVERIFY(plaintext);
        oms::Mode5Frame frame;
        std::copy_n(telegram_.begin() + 2, 8, frame.address.begin());
        frame.control = telegram_[1];
        frame.accessNumber = telegram_[11];
        frame.status = telegram_[12];
        frame.configurationFlags = std::uint16_t(telegram_[13] | telegram_[14] << 8) & ~0x1FF0u;
        QCOMPARE(frame.configurationFlags, std::uint16_t(0x2000)); // synchronous
        auto again = oms::encryptMode5(key_, frame, *plaintext);
        QVERIFY(again);
        QCOMPARE(*again, telegram_);
    }

    void endpointEmitsTheVectorTelegram() {
        KeyStoreContent content;
        std::copy_n(telegram_.begin() + 2, 8, content.address.begin());
        const std::uint8_t dm[16] = {0xDD};
        content.keys.push_back({2, KeyRole::Dm, 1, dm});
        content.keys.push_back({1, KeyRole::Data, 1, key_});
        Bytes record(keyStoreSize(content));
        QVERIFY(encodeKeyStore(content, record));
        ReferenceEndpoint endpoint(referenceTarget(), {});
        QVERIFY(!endpoint.emitTelegram(0x2A, {})); // blank: nothing to send with
        endpoint.provisionDirectly(record);
        auto plaintext = oms::decryptMode5(key_, telegram_);
        QVERIFY(plaintext);
        auto emitted = endpoint.emitTelegram(telegram_[11], *plaintext, telegram_[12]);
        QVERIFY2(emitted, emitted ? "" : emitted.error().message().c_str());
        QCOMPARE(*emitted, telegram_);
    }

private:
    QJsonObject vector_;
    Bytes key_;
    Bytes telegram_;
};

QTEST_GUILESS_MAIN(TstOmsMode5)
#include "tst_oms_mode5.moc"
