// KDF-1 and its KCV: every vector reproduced in SoftHSM2 and, independently, in OpenSSL.
#include "kps/hsm/kdf1.hpp"
#include "kps/hsm/key_ops.hpp"
#include "openssl_reference.hpp"
#include "softhsm_token.hpp"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace kps;

namespace {

QJsonObject vectors() {
    QFile file(QStringLiteral(KPS_TEST_VECTORS "/kdf1.json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing kdf1.json");
    return QJsonDocument::fromJson(file.readAll()).object();
}

QByteArray hex(const QJsonValue& value) {
    return QByteArray::fromHex(value.toString().toLatin1());
}

std::span<const std::uint8_t, 8> addressOf(const QByteArray& bytes) {
    return std::span<const std::uint8_t, 8>(reinterpret_cast<const std::uint8_t*>(bytes.data()), 8);
}

CK_OBJECT_HANDLE createMaster(const hsm::Session& session, const QByteArray& value) {
    hsm::Attributes attributes;
    attributes.number(CKA_CLASS, CKO_SECRET_KEY)
        .number(CKA_KEY_TYPE, CKK_AES)
        .flag(CKA_TOKEN, false)
        .flag(CKA_SENSITIVE, true)
        .flag(CKA_EXTRACTABLE, false)
        .flag(CKA_DERIVE, true)
        .bytes(CKA_VALUE, {reinterpret_cast<const std::uint8_t*>(value.data()),
                           static_cast<std::size_t>(value.size())});
    auto handle = hsm::createObject(session, attributes, "test master");
    if (!handle)
        qFatal("%s", handle.error().message().c_str());
    return *handle;
}

} // namespace

class TstKdf1 : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { token_.emplace(); }
    void cleanupTestCase() { token_.reset(); }

    void cases_data() {
        QTest::addColumn<QJsonObject>("vector");
        for (const QJsonValue& value : vectors()[QStringLiteral("cases")].toArray())
            QTest::newRow(
                qPrintable(value[QStringLiteral("address")].toString() + "/" +
                           QString::number(value[QStringLiteral("keyId")].toInt()) + "/" +
                           QString::number(value[QStringLiteral("keyVersion")].toInt()) + "/" +
                           QString::number(hex(value[QStringLiteral("master")]).size() * 8)))
                << value.toObject();
    }

    void diversifierMatchesVector_data() { cases_data(); }
    void diversifierMatchesVector() {
        QFETCH(QJsonObject, vector);
        auto d = hsm::kdf1Diversifier(
            static_cast<std::uint8_t>(vector[QStringLiteral("keyId")].toInt()),
            static_cast<std::uint8_t>(vector[QStringLiteral("keyVersion")].toInt()),
            addressOf(hex(vector[QStringLiteral("addressBytes")])));
        QCOMPARE(QByteArray(reinterpret_cast<const char*>(d.data()), 16),
                 hex(vector[QStringLiteral("diversifier")]));
    }

    void openSslPathMatchesVector_data() { cases_data(); }
    void openSslPathMatchesVector() {
        QFETCH(QJsonObject, vector);
        const QByteArray key = test::aesEcbBlock(hex(vector[QStringLiteral("master")]),
                                                 hex(vector[QStringLiteral("diversifier")]));
        QCOMPARE(key.toHex(), hex(vector[QStringLiteral("key")]).toHex());
        QCOMPARE(test::kcvOpenSsl(key).toHex(),
                 vector[QStringLiteral("kcv")].toString().toLatin1());
    }

    void hsmPathMatchesVector_data() { cases_data(); }
    void hsmPathMatchesVector() {
        QFETCH(QJsonObject, vector);
        auto session = token_->session();
        const CK_OBJECT_HANDLE master =
            createMaster(session, hex(vector[QStringLiteral("master")]));
        const auto keyId = static_cast<std::uint8_t>(vector[QStringLiteral("keyId")].toInt());
        const auto version =
            static_cast<std::uint8_t>(vector[QStringLiteral("keyVersion")].toInt());
        const QByteArray address = hex(vector[QStringLiteral("addressBytes")]);

        auto sensitive = hsm::deriveKdf1(session, master, keyId, version, addressOf(address),
                                         hsm::DerivedUse::Wrapped);
        QVERIFY2(sensitive, sensitive ? "" : sensitive.error().message().c_str());
        auto kcv = hsm::kcvOf(session, sensitive->handle(), "derived");
        QVERIFY2(kcv, kcv ? "" : kcv.error().message().c_str());
        QCOMPARE(QByteArray(reinterpret_cast<const char*>(kcv->data()), 3).toHex(),
                 vector[QStringLiteral("kcv")].toString().toLatin1());
        // The sensitive derived key refuses to show its value.
        QVERIFY(!hsm::readSecretValue(session, sensitive->handle()));

        auto plain = hsm::deriveKdf1(session, master, keyId, version, addressOf(address),
                                     hsm::DerivedUse::PlainCopy);
        QVERIFY(plain);
        auto value = hsm::readSecretValue(session, plain->handle());
        QVERIFY2(value, value ? "" : value.error().message().c_str());
        QCOMPARE(
            QByteArray(reinterpret_cast<const char*>(value->data()), int(value->size())).toHex(),
            hex(vector[QStringLiteral("key")]).toHex());
    }

    void cmacSanityCheck() {
        const QJsonObject check = vectors()[QStringLiteral("kcvCheck")].toObject();
        QCOMPARE(test::aesCmac(hex(check[QStringLiteral("key")]), {}).toHex(),
                 check[QStringLiteral("cmac")].toString().toLatin1());
    }

private:
    std::optional<test::SoftHsmToken> token_;
};

QTEST_GUILESS_MAIN(TstKdf1)
#include "tst_kdf1.moc"
