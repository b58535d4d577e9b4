// What the token signs, against a real SoftHSM2 token: a self-signed station
// certificate and one it issues for another token key, both checked by the X.509
// library; the token's signer (x509::Signer) whose signatures verify over data and over
// a digest, also after a logout invalidated its key handle; a recipient's RSA key taken
// from its certificate into the token for wrapping.
#include "certificate_factory.hpp"
#include "cli_runner.hpp"
#include "kps/hsm/certificates.hpp"
#include "kps/hsm/key_ops.hpp"
#include "kps/hsm/object.hpp"
#include "kps/hsm/token_signer.hpp"
#include "kps/x509/certificate.hpp"
#include "kps/x509/signature.hpp"
#include "softhsm_token.hpp"

#include <QCryptographicHash>
#include <QTemporaryDir>

using namespace kps;

namespace {

std::span<const std::uint8_t> bytes(const char* text) {
    return {reinterpret_cast<const std::uint8_t*>(text), std::strlen(text)};
}

hsm::KeyPair ecKeyPair(const hsm::Session& session, const std::string& label) {
    // DER of OID 1.2.840.10045.3.1.7 (P-256)
    const std::uint8_t p256[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
    hsm::Attributes publicPolicy, privatePolicy;
    publicPolicy.bytes(CKA_EC_PARAMS, p256).flag(CKA_TOKEN, true).text(CKA_LABEL, label);
    privatePolicy.flag(CKA_TOKEN, true)
        .flag(CKA_SIGN, true)
        .flag(CKA_SENSITIVE, true)
        .text(CKA_LABEL, label);
    auto pair =
        hsm::generateKeyPair(session, CKM_EC_KEY_PAIR_GEN, publicPolicy, privatePolicy, label);
    if (!pair)
        qFatal("%s", pair.error().message().c_str());
    return *pair;
}

} // namespace

class TstTokenSigning : public QObject {
    Q_OBJECT

    std::optional<test::SoftHsmToken> token_;

private Q_SLOTS:
    void initTestCase() { token_.emplace(); }
    void cleanupTestCase() { token_.reset(); }

    void theTokenCertifiesItsOwnKeys() {
        auto session = token_->session();
        const auto signing = ecKeyPair(session, "station signing");
        auto selfSigned = hsm::selfSignEcdsa(session, signing, {"kps station 01", "Acme", 30});
        QVERIFY2(selfSigned, selfSigned ? "" : selfSigned.error().message().c_str());
        auto station = x509::parseCertificate(*selfSigned, "station");
        QVERIFY(station);
        QCOMPARE(station->subject, std::string("CN=kps station 01,O=Acme"));
        QCOMPARE(station->keyKind, x509::PublicKeyKind::Ec);
        QVERIFY(station->allowsSigning);

        hsm::Attributes publicPolicy, privatePolicy;
        publicPolicy.number(CKA_MODULUS_BITS, 2048).flag(CKA_TOKEN, false).flag(CKA_WRAP, true);
        privatePolicy.flag(CKA_TOKEN, false).flag(CKA_UNWRAP, true);
        auto import = hsm::generateKeyPair(session, CKM_RSA_PKCS_KEY_PAIR_GEN, publicPolicy,
                                           privatePolicy, "import");
        QVERIFY(import);
        auto issued = hsm::issueWithEcdsa(session, signing.privateKey, *selfSigned,
                                          import->publicKey, {"kps import", "Acme", 30, false});
        QVERIFY2(issued, issued ? "" : issued.error().message().c_str());
        auto importCertificate = x509::parseCertificate(*issued, "import");
        QVERIFY(importCertificate);
        QCOMPARE(importCertificate->keyKind, x509::PublicKeyKind::Rsa);
        QCOMPARE(importCertificate->keyBits, 2048);
        QVERIFY(importCertificate->allowsKeyEncipherment);
        QVERIFY(!importCertificate->allowsSigning);
        // The issued certificate's signature is the station key's: openssl agrees.
        QTemporaryDir dir;
        const QString ca = dir.filePath(QStringLiteral("ca.pem"));
        const QString leaf = dir.filePath(QStringLiteral("leaf.pem"));
        for (const auto& [path, der] : {std::pair{ca, *selfSigned}, std::pair{leaf, *issued}}) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QByteArray::fromStdString(x509::certificateToPem(der)));
        }
        const auto verified =
            test::runProgram(QStringLiteral("openssl"),
                             {QStringLiteral("verify"), QStringLiteral("-CAfile"), ca, leaf});
        QVERIFY2(verified.exitCode == 0, verified.out.constData());
    }

    void theSignerSignsAlsoAfterALogout() {
        auto session = token_->session();
        const auto signing = ecKeyPair(session, "signer key");
        auto certificateDer = hsm::selfSignEcdsa(session, signing, {"signer", "", 30});
        QVERIFY(certificateDer);
        auto certificate = x509::parseCertificate(*certificateDer, "signer");
        QVERIFY(certificate);
        auto signer =
            hsm::TokenSigner::open(*token_->module, session.slot(), "signer key", *certificate);
        QVERIFY(signer);
        auto signature = (*signer)->signData(bytes("audit checkpoint"));
        QVERIFY(signature);
        QCOMPARE(x509::verifiedScheme(certificate->der, bytes("audit checkpoint"), *signature),
                 x509::SignatureScheme::Ecdsa);
        // A logout drops the private key's handle; the signer finds the key again.
        QVERIFY(session.logout());
        QVERIFY(session.login(CKU_USER, token_->userPin));
        const QByteArray digest = QCryptographicHash::hash("report", QCryptographicHash::Sha256);
        const std::span<const std::uint8_t, 32> digestSpan(
            reinterpret_cast<const std::uint8_t*>(digest.constData()), 32);
        auto again = (*signer)->signDigest(digestSpan);
        QVERIFY2(again, again ? "" : again.error().message().c_str());
        QCOMPARE(x509::verifiedDigestScheme(certificate->der, digestSpan, *again),
                 x509::SignatureScheme::Ecdsa);
    }

    void aRecipientsKeyComesFromItsCertificate() {
        QTemporaryDir dir;
        const QString key = dir.filePath(QStringLiteral("r.key"));
        const QString cert = dir.filePath(QStringLiteral("r.crt"));
        const auto made = test::runProgram(
            QStringLiteral("openssl"),
            {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
             QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"), key,
             QStringLiteral("-out"), cert, QStringLiteral("-subj"), QStringLiteral("/CN=r"),
             QStringLiteral("-days"), QStringLiteral("2")});
        QCOMPARE(made.exitCode, 0);
        auto certificate = x509::readCertificateFile(cert.toStdString());
        QVERIFY(certificate);
        auto session = token_->session();
        auto recipient = hsm::importRsaPublicKey(session, certificate->der, "recipient");
        QVERIFY(recipient);
        hsm::Attributes policy;
        policy.number(CKA_CLASS, CKO_SECRET_KEY)
            .number(CKA_KEY_TYPE, CKK_AES)
            .number(CKA_VALUE_LEN, 32)
            .flag(CKA_TOKEN, false)
            .flag(CKA_EXTRACTABLE, true);
        auto kek = hsm::generateKey(session, CKM_AES_KEY_GEN, policy, "kek");
        QVERIFY(kek);
        hsm::SessionObject guard(session, *kek);
        auto wrapped =
            hsm::wrapOaep(session, hsm::OaepHash::Sha1, recipient->handle(), *kek, "kek");
        QVERIFY(wrapped);
        QCOMPARE(wrapped->size(), std::size_t(256)); // one RSA-2048 block
        // Where a key becomes a wrap target the recipient rule holds once more.
        const auto family = test::weakRecipients();
        for (const char* weakName : {"e-1.crt", "e-3.crt", "even-modulus.crt", "rsa-1024.crt"}) {
            const auto weak =
                std::find_if(family.begin(), family.end(), [&](const test::WeakCertificate& w) {
                    return w.name == QLatin1String(weakName);
                });
            const QByteArray der = test::derOf(weak->pem);
            auto refused = hsm::importRsaPublicKey(
                session,
                {reinterpret_cast<const std::uint8_t*>(der.constData()), std::size_t(der.size())},
                weakName);
            QVERIFY2(!refused, weakName);
            QVERIFY2(QString::fromStdString(refused.error().hint).contains(weak->reason),
                     refused.error().hint.c_str());
        }
        auto notRsa = hsm::importRsaPublicKey(session, bytes("junk"), "junk");
        QVERIFY(!notRsa);
        QCOMPARE(notRsa.error().rv, CKR_KEY_TYPE_INCONSISTENT);
    }
};

QTEST_GUILESS_MAIN(TstTokenSigning)
#include "tst_token_signing.moc"
