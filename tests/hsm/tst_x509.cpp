// The X.509 library on its own: certificates read from PEM and DER (fingerprint,
// subject, key, validity, key usage, trailing data), files that are no certificate or
// too large, signatures in every scheme the station accepts, and the recipient rule
// refusing every weak wrap target with its reason.
#include "certificate_factory.hpp"
#include "cli_runner.hpp"
#include "kps/x509/certificate.hpp"
#include "kps/x509/recipient.hpp"
#include "kps/x509/signature.hpp"

#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace kps;

namespace {

QByteArray readAll(const QString& path) {
    QFile file(path);
    file.open(QIODevice::ReadOnly);
    return file.readAll();
}

std::span<const std::uint8_t> bytes(const QByteArray& data) {
    return {reinterpret_cast<const std::uint8_t*>(data.constData()), std::size_t(data.size())};
}

bool runOpenssl(const QStringList& arguments) {
    auto result = test::runProgram(QStringLiteral("openssl"), arguments);
    if (result.exitCode != 0)
        qWarning("openssl: %s", result.err.constData());
    return result.exitCode == 0;
}

} // namespace

class TstX509 : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString path(const char* name) const { return dir_.filePath(QLatin1String(name)); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(
            runOpenssl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path("rsa.key"),
                        "-out", path("rsa.crt"), "-subj", "/O=Acme/CN=customer", "-days", "2",
                        "-addext", "keyUsage=critical,keyEncipherment"}));
        QVERIFY(runOpenssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                            "-nodes", "-keyout", path("ec.key"), "-out", path("ec.crt"), "-subj",
                            "/CN=signer", "-days", "2", "-addext",
                            "keyUsage=critical,digitalSignature"}));
        QVERIFY(runOpenssl(
            {"x509", "-in", path("rsa.crt"), "-outform", "DER", "-out", path("rsa.der")}));
    }

    void readsPemAndDerAlike() {
        auto pem = x509::readCertificateFile(path("rsa.crt").toStdString());
        auto der = x509::readCertificateFile(path("rsa.der").toStdString());
        QVERIFY(pem && der);
        const QByteArray derBytes = readAll(path("rsa.der"));
        QCOMPARE(pem->der, std::vector<std::uint8_t>(derBytes.begin(), derBytes.end()));
        QCOMPARE(der->der, pem->der);
        QCOMPARE(
            pem->sha256Hex,
            QCryptographicHash::hash(derBytes, QCryptographicHash::Sha256).toHex().toStdString());
        QCOMPARE(pem->subject, std::string("CN=customer,O=Acme"));
        QCOMPARE(pem->keyKind, x509::PublicKeyKind::Rsa);
        QCOMPARE(pem->keyBits, 2048);
        QVERIFY(pem->allowsKeyEncipherment);
        QVERIFY(!pem->allowsSigning);
        const std::time_t now = std::time(nullptr);
        QVERIFY(pem->notBefore <= now && now < pem->notAfter);
        QVERIFY(pem->notAfter - now <= 2 * 86400);
        QCOMPARE(QByteArray::fromStdString(x509::certificateToPem(pem->der)),
                 readAll(path("rsa.crt")));
    }

    void readsAnEcCertificate() {
        auto ec = x509::readCertificateFile(path("ec.crt").toStdString());
        QVERIFY(ec);
        QCOMPARE(ec->keyKind, x509::PublicKeyKind::Ec);
        QCOMPARE(ec->keyBits, 256);
        QVERIFY(ec->allowsSigning);
        QVERIFY(!ec->allowsKeyEncipherment);
    }

    void refusesWhatIsNoCertificate() {
        QFile text(path("text.crt"));
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write("not a certificate\n");
        text.close();
        auto notOne = x509::readCertificateFile(path("text.crt").toStdString());
        QVERIFY(!notOne);
        QCOMPARE(notOne.error().object, path("text.crt").toStdString());
        QCOMPARE(notOne.error().reason, std::string("not a PEM or DER X.509 certificate"));
        auto missing = x509::readCertificateFile(path("missing.crt").toStdString());
        QVERIFY(!missing);
        QCOMPARE(missing.error().reason, std::string("check the path"));
        QFile large(path("large.crt"));
        QVERIFY(large.open(QIODevice::WriteOnly));
        large.resize(64 * 1024 + 1);
        large.close();
        auto tooLarge = x509::readCertificateFile(path("large.crt").toStdString());
        QVERIFY(!tooLarge);
        QCOMPARE(tooLarge.error().reason, std::string("larger than 64 KiB"));
        QVERIFY(x509::certificateToPem(bytes("junk")).empty());
    }

    void aGoodRecipientPasses() {
        const openssl::PkeyPtr key(EVP_RSA_gen(2048));
        const QByteArray pem = test::makeCertificate(key.get(), {});
        auto certificate = x509::parseCertificate(bytes(pem), "good.crt");
        QVERIFY(certificate);
        QVERIFY(!certificate->trailingData);
        QVERIFY(x509::checkRecipient(*certificate, std::time(nullptr), "good.crt"));
        const QByteArray spaced = pem + "\n\n  \n"; // white space after PEM is no data
        QVERIFY(!x509::parseCertificate(bytes(spaced), "spaced.crt")->trailingData);
        auto noUsage = x509::parseCertificate(
            bytes(test::makeCertificate(key.get(), {-60, 600, nullptr})), "no-usage.crt");
        QVERIFY(x509::checkRecipient(*noUsage, std::time(nullptr), "no-usage.crt"));
    }

    void weakRecipientsAreRefusedWithTheirReason_data() {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QString>("reason");
        for (const auto& weak : test::weakRecipients())
            QTest::newRow(qPrintable(weak.name)) << weak.pem << weak.reason;
    }

    void weakRecipientsAreRefusedWithTheirReason() {
        QFETCH(QByteArray, file);
        QFETCH(QString, reason);
        auto certificate = x509::parseCertificate(bytes(file), "weak.crt");
        QVERIFY(certificate); // each reads as a certificate: the rule refuses it
        auto refused = x509::checkRecipient(*certificate, std::time(nullptr), "weak.crt");
        QVERIFY(!refused);
        QCOMPARE(refused.error().object, std::string("weak.crt"));
        QVERIFY2(QString::fromStdString(refused.error().reason).contains(reason),
                 refused.error().reason.c_str());
    }

    void ecRecipientsOnlyWhereThePurposeAllows() {
        const openssl::PkeyPtr p256(EVP_EC_gen("P-256"));
        const openssl::PkeyPtr p521(EVP_EC_gen("P-521"));
        auto ec = x509::parseCertificate(bytes(test::makeCertificate(p256.get(), {})), "ec.crt");
        QVERIFY(ec);
        const auto now = std::time(nullptr);
        QVERIFY(!x509::checkRecipient(*ec, now, "ec.crt"));
        QVERIFY(x509::checkRecipient(*ec, now, "ec.crt", x509::RecipientKeys::RsaOrEc));
        auto other =
            x509::parseCertificate(bytes(test::makeCertificate(p521.get(), {})), "p521.crt");
        auto refused = x509::checkRecipient(*other, now, "p521.crt", x509::RecipientKeys::RsaOrEc);
        QVERIFY(!refused);
        QVERIFY(refused.error().reason.find("P-256 or P-384") != std::string::npos);
    }

    void rsaSignaturesInBothPaddingsVerify() {
        const QString data = path("data");
        {
            QFile out(data);
            out.open(QIODevice::WriteOnly);
            out.write("signed bytes\n");
        }
        const QString key = path("rsa.key");
        QVERIFY(runOpenssl({"dgst", "-sha256", "-sign", key, "-out", data + ".p1", data}));
        QVERIFY(runOpenssl({"dgst", "-sha256", "-sign", key, "-sigopt", "rsa_padding_mode:pss",
                            "-out", data + ".pss", data}));
        auto certificate = x509::readCertificateFile(path("rsa.crt").toStdString());
        QVERIFY(certificate);
        const QByteArray content = readAll(data);
        QCOMPARE(
            x509::verifiedScheme(certificate->der, bytes(content), bytes(readAll(data + ".p1"))),
            x509::SignatureScheme::RsaPkcs1);
        QCOMPARE(
            x509::verifiedScheme(certificate->der, bytes(content), bytes(readAll(data + ".pss"))),
            x509::SignatureScheme::RsaPss);
        QCOMPARE(x509::verifiedScheme(certificate->der, bytes(content + "x"),
                                      bytes(readAll(data + ".p1"))),
                 x509::SignatureScheme::None);
        QCOMPARE(x509::signatureSchemeName(x509::SignatureScheme::RsaPss),
                 std::string("rsa-pss-sha256"));
        // The same verdicts from the digest alone (a listing read as a stream).
        const QByteArray digest = QCryptographicHash::hash(content, QCryptographicHash::Sha256);
        const std::span<const std::uint8_t, 32> digestSpan(
            reinterpret_cast<const std::uint8_t*>(digest.constData()), 32);
        QCOMPARE(
            x509::verifiedDigestScheme(certificate->der, digestSpan, bytes(readAll(data + ".p1"))),
            x509::SignatureScheme::RsaPkcs1);
        QCOMPARE(
            x509::verifiedDigestScheme(certificate->der, digestSpan, bytes(readAll(data + ".pss"))),
            x509::SignatureScheme::RsaPss);
        QCOMPARE(x509::verifiedDigestScheme(certificate->der, digestSpan, bytes("x")),
                 x509::SignatureScheme::None);
    }

    void ecdsaSignaturesVerify() {
        const QString data = path("data-ec");
        {
            QFile out(data);
            out.open(QIODevice::WriteOnly);
            out.write("signed by ec\n");
        }
        QVERIFY(
            runOpenssl({"dgst", "-sha256", "-sign", path("ec.key"), "-out", data + ".sig", data}));
        auto certificate = x509::readCertificateFile(path("ec.crt").toStdString());
        QVERIFY(certificate);
        const QByteArray signature = readAll(data + ".sig");
        QVERIFY(x509::verifySignature(certificate->der, bytes(readAll(data)), bytes(signature)));
        QCOMPARE(x509::verifiedScheme(certificate->der, bytes(readAll(data)), bytes(signature)),
                 x509::SignatureScheme::Ecdsa);
        QVERIFY(!x509::verifySignature(certificate->der, bytes(readAll(data)), {}));
        const QByteArray digest =
            QCryptographicHash::hash(readAll(data), QCryptographicHash::Sha256);
        QCOMPARE(x509::verifiedDigestScheme(
                     certificate->der,
                     std::span<const std::uint8_t, 32>(
                         reinterpret_cast<const std::uint8_t*>(digest.constData()), 32),
                     bytes(signature)),
                 x509::SignatureScheme::Ecdsa);
    }
};

QTEST_GUILESS_MAIN(TstX509)
#include "tst_x509.moc"
