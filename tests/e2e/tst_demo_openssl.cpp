// The customer needs no software of ours: a demo listing and DM batch opened with
// the openssl command line alone hold exactly the keys the simulated endpoints hold.
#include "cli_runner.hpp"
#include "kps/provisioning/line_archive.hpp"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

using namespace kps;

namespace {

QByteArray readFile(const QString& path) {
    QFile file(path);
    file.open(QIODevice::ReadOnly);
    return file.readAll();
}

QByteArray openssl(const QStringList& arguments, const QByteArray& input = {}) {
    auto result = test::runProgram(QStringLiteral("openssl"), arguments, input);
    if (result.exitCode != 0)
        qWarning("openssl %s: %s", qPrintable(arguments.join(u' ')), result.err.constData());
    return result.exitCode == 0 ? result.out : QByteArray();
}

QByteArray hexOf(const hsm::SecretBytes& secret) {
    return QByteArray(reinterpret_cast<const char*>(secret.data()), qsizetype(secret.size()))
        .toHex();
}

} // namespace

class TstDemoOpenssl : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        auto demo = test::runKps({QStringLiteral("demo"), QStringLiteral("--out"), out(),
                                  QStringLiteral("--count"), QStringLiteral("12")});
        QVERIFY2(demo.exitCode == 0, demo.err.constData());
        exports_ = out() + QStringLiteral("/station/exports/PO-DEMO-0001/");
        line_ = provisioning::readLineArchive(out() + QStringLiteral("/line"));
        QCOMPARE(line_.size(), std::size_t(12));
        const QByteArray pub = openssl({QStringLiteral("x509"), QStringLiteral("-in"),
                                        exports_ + QStringLiteral("station-signing.crt"),
                                        QStringLiteral("-pubkey"), QStringLiteral("-noout")});
        QVERIFY(!pub.isEmpty());
        QFile sender(dir_.filePath(QStringLiteral("sender.pub")));
        QVERIFY(sender.open(QIODevice::WriteOnly));
        sender.write(pub);
    }

    void customerListingOpensWithOpensslAlone() {
        checkListing(QStringLiteral("customer-listing"), QStringLiteral("customer"));
    }
    void dmBatchOpensWithOpensslAlone() {
        checkListing(QStringLiteral("dm-batch"), QStringLiteral("headend"));
    }

private:
    QString out() const { return dir_.filePath(QStringLiteral("demo")); }

    void checkListing(const QString& kind, const QString& recipient) {
        const QString listing =
            exports_ + QStringLiteral("PO-DEMO-0001-") + kind + QStringLiteral(".json");
        const QByteArray verified =
            openssl({QStringLiteral("dgst"), QStringLiteral("-sha256"), QStringLiteral("-verify"),
                     dir_.filePath(QStringLiteral("sender.pub")), QStringLiteral("-signature"),
                     listing + QStringLiteral(".sig"), listing});
        QCOMPARE(verified.trimmed(), QByteArray("Verified OK"));
        const QJsonObject json = QJsonDocument::fromJson(readFile(listing)).object();
        const QString wrap = json[QStringLiteral("kek")][QStringLiteral("wrap")].toString();
        const QString md = wrap.endsWith(QLatin1String("sha256")) ? QStringLiteral("sha256")
                                                                  : QStringLiteral("sha1");
        const QByteArray kek = openssl(
            {QStringLiteral("pkeyutl"), QStringLiteral("-decrypt"), QStringLiteral("-inkey"),
             out() + QStringLiteral("/") + recipient + QStringLiteral("/") + recipient +
                 QStringLiteral(".key"),
             QStringLiteral("-pkeyopt"), QStringLiteral("rsa_padding_mode:oaep"),
             QStringLiteral("-pkeyopt"), QStringLiteral("rsa_oaep_md:") + md,
             QStringLiteral("-pkeyopt"), QStringLiteral("rsa_mgf1_md:") + md},
            QByteArray::fromBase64(
                json[QStringLiteral("kek")][QStringLiteral("wrapped")].toString().toLatin1()));
        QCOMPARE(kek.size(), 32);
        const QJsonArray endpoints = json[QStringLiteral("endpoints")].toArray();
        QCOMPARE(endpoints.size(), 12);
        int compared = 0;
        for (int index : {0, 5, 11})
            compared +=
                compareEndpoint(endpoints[index].toObject(), QString::fromLatin1(kek.toHex()));
        QVERIFY(compared >= (kind == QLatin1String("dm-batch") ? 3 : 12));
    }

    QByteArray unwrap(const QString& kekHex, const QJsonValue& wrapped) {
        return openssl({QStringLiteral("enc"), QStringLiteral("-d"),
                        QStringLiteral("-id-aes256-wrap-pad"), QStringLiteral("-K"), kekHex,
                        QStringLiteral("-iv"), QStringLiteral("A65959A6")},
                       QByteArray::fromBase64(wrapped.toString().toLatin1()));
    }

    int compareEndpoint(const QJsonObject& endpoint, const QString& kekHex) {
        const auto held = line_.find(endpoint[QStringLiteral("address")].toString());
        if (held == line_.end())
            return -100;
        int compared = 0;
        for (const QJsonValue& key : endpoint[QStringLiteral("keys")].toArray()) {
            const QByteArray value = unwrap(kekHex, key[QStringLiteral("wrapped")]);
            const auto& expected = held->second.keys.at(key[QStringLiteral("id")].toInt());
            if (value.toHex() != hexOf(expected))
                return -100;
            ++compared;
        }
        if (endpoint.contains(QStringLiteral("password"))) {
            QByteArray password =
                unwrap(kekHex, endpoint[QStringLiteral("password")][QStringLiteral("wrapped")]);
            while (password.endsWith('\0'))
                password.chop(1);
            if (password.toHex() != hexOf(held->second.password))
                return -100;
            ++compared;
        }
        return compared;
    }

    QTemporaryDir dir_;
    QString exports_;
    std::map<QString, provisioning::ArchivedEndpoint> line_;
};

QTEST_GUILESS_MAIN(TstDemoOpenssl)
#include "tst_demo_openssl.moc"
