// PSKC (RFC 6030) export of a kps-listing/1 file: the other side's tools accept it
// (pskctool --validate and --verify, xmlsec1 --verify), the customer's side opens the
// same keys as `listing open` for 1,000 endpoints, no key is in the file in clear, and
// a changed file, another signer or a missing signature is refused.
#include "cli_runner.hpp"
#include "customer_crypto.hpp"
#include "kps/reports/listing_opener.hpp"
#include "kps/reports/listing_sealer.hpp"
#include "kps/reports/pskc.hpp"

#include <QFile>
#include <QTemporaryDir>

using namespace kps;
using namespace kps::reports;

namespace {

constexpr int kEndpoints = 1000;

QByteArray readFile(const QString& path) {
    QFile file(path);
    file.open(QIODevice::ReadOnly);
    return file.readAll();
}

void writeFile(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    file.open(QIODevice::WriteOnly | QIODevice::Truncate);
    file.write(bytes);
}

template <class T> QByteArray problem(const ReportResult<T>& result) {
    return result ? QByteArray() : result.error().message().toUtf8();
}

/// Deterministic keys: endpoint i's data and DM keys and password.
QByteArray keysCsv() {
    QByteArray csv = "address,role,id,version,kcv,value\n";
    for (int i = 0; i < kEndpoints; ++i) {
        const QByteArray address =
            "KLK-" + QByteArray::number(10000 + i).rightJustified(8, '0') + "-01-07";
        const QByteArray seed = QByteArray::number(i).rightJustified(8, '0');
        csv += address + ",data,1,1,," + (seed + seed).toHex().left(32) + "\n";
        csv += address + ",dm,2,1,," + (seed + "dm-key-").toHex().left(30) + "ff\n";
        csv += address + ",password,0,0,,pw" + seed + "\n";
    }
    return csv;
}

/// address,role,id,version,kcv,value rows of one opened endpoint.
QByteArrayList rowsOf(const OpenedEndpoint& endpoint) {
    QByteArrayList rows;
    for (const OpenedSecret& secret : endpoint.secrets) {
        const QByteArray value(reinterpret_cast<const char*>(secret.value.data()),
                               qsizetype(secret.value.size()));
        rows << (endpoint.address + u',' + secret.role + u',' + QString::number(secret.id) + u',' +
                 QString::number(secret.version) + u',' + secret.kcv)
                        .toUtf8() +
                    ',' + (secret.role == QLatin1String("password") ? value : value.toHex());
    }
    return rows;
}

} // namespace

class TstPskc : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        makeParty(QStringLiteral("customer"),
                  {QStringLiteral("-newkey"), QStringLiteral("rsa:2048")});
        makeParty(QStringLiteral("station"),
                  {QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                   QStringLiteral("ec_paramgen_curve:P-256")});
        makeParty(QStringLiteral("other"),
                  {QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                   QStringLiteral("ec_paramgen_curve:P-256")});
        writeFile(path("keys.csv"), keysCsv());
        for (const char* wrap : {"rsa-oaep-sha1", "rsa-oaep-sha256"}) {
            const QString listing = path(QStringLiteral("listing-%1.json").arg(wrap));
            auto sealed = sealListing({Purpose::CustomerListing, QStringLiteral("PO-PSKC-1"),
                                       path("keys.csv"), path("customer.crt"), path("station.key"),
                                       path("station.crt"), listing, QString::fromLatin1(wrap)});
            QVERIFY2(sealed, problem(sealed).constData());
        }
        QVERIFY(exportPskc(path("listing-rsa-oaep-sha1.json"), path("customer.pskc")));
    }

    void theOtherSidesToolsAcceptIt() {
        const QString pskc = path("customer.pskc");
        auto validated =
            test::runProgram(QStringLiteral("pskctool"), {QStringLiteral("--validate"), pskc});
        QVERIFY2(validated.exitCode == 0 && validated.out.trimmed() == "OK",
                 validated.err.constData());
        auto verified = test::runProgram(
            QStringLiteral("pskctool"), {QStringLiteral("--verify"), QStringLiteral("--verify-crt"),
                                         path("station.crt"), pskc});
        QVERIFY2(verified.exitCode == 0 && verified.out.trimmed() == "OK",
                 verified.err.constData());
        auto xmlsec =
            test::runProgram(QStringLiteral("xmlsec1"),
                             {QStringLiteral("--verify"), QStringLiteral("--pubkey-cert-pem"),
                              path("station.crt"), pskc});
        QVERIFY2(xmlsec.exitCode == 0, xmlsec.err.constData());
        auto info = test::runProgram(QStringLiteral("pskctool"), {QStringLiteral("--info"), pskc});
        QVERIFY(info.out.contains("Signed: YES"));
        QVERIFY(info.out.contains("SerialNo: KLK-00010999-01-07"));
    }

    void theCustomerOpensTheListingsKeys() {
        QByteArrayList fromListing, fromPskc;
        auto listed = openListing(
            {path("listing-rsa-oaep-sha1.json"), path("customer.key"), path("station.crt"), {}},
            [&](const OpenedEndpoint& e) { fromListing += rowsOf(e); });
        QVERIFY2(listed, problem(listed).constData());
        auto opened = openPskc({path("customer.pskc"), path("customer.key"), path("station.crt")},
                               [&](const OpenedEndpoint& e) { fromPskc += rowsOf(e); });
        QVERIFY2(opened, problem(opened).constData());
        QCOMPARE(opened->endpointCount, qint64(kEndpoints));
        QCOMPARE(fromPskc.size(), 3 * kEndpoints);
        QCOMPARE(fromPskc, fromListing);
        QCOMPARE(fromPskc.first(), QByteArray("KLK-00010000-01-07,data,1,1,") +
                                       fromListing.first().split(',')[4] +
                                       ",3030303030303030"
                                       "3030303030303030");
    }

    void noSecretIsInTheFileInClear() {
        const QByteArray pskc = readFile(path("customer.pskc"));
        QVERIFY(pskc.contains("EncryptedValue"));
        QVERIFY(!pskc.contains("PlainValue"));
        for (const QByteArray& line : readFile(path("keys.csv")).split('\n').mid(1, 30)) {
            const QByteArray value = line.split(',').last();
            QVERIFY2(!pskc.contains(value) && !pskc.contains(QByteArray::fromHex(value).toBase64()),
                     value.constData());
        }
    }

    void aChangedOrForeignFileIsRefused_data() {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<QString>("signer");
        QTest::newRow("an address changed")
            << QByteArray("<pskc:SerialNo>KLK-00010005-01-07")
            << QByteArray("<pskc:SerialNo>KLK-00010006-01-07") << "station";
        QTest::newRow("a KCV changed")
            << QByteArray("kcv=\"") << QByteArray("kcv=\"0") << "station";
        QTest::newRow("a key's id changed")
            << QByteArray("Id=\"KLK-00010000-01-07.1\"")
            << QByteArray("Id=\"KLK-00010000-01-07.9\"") << "station";
        QTest::newRow("signed by another key") << QByteArray() << QByteArray() << "other";
        QTest::newRow("no signature")
            << QByteArray("<Signature xmlns") << QByteArray("<Xignature xmlns") << "station";
    }
    void aChangedOrForeignFileIsRefused() {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(QString, signer);
        QByteArray bytes = readFile(path("customer.pskc"));
        if (!from.isEmpty()) {
            QVERIFY(bytes.contains(from));
            bytes.replace(bytes.indexOf(from), from.size(), to);
            if (to.startsWith("<Xignature"))
                bytes.replace("</Signature>", "</Xignature>");
        }
        writeFile(path("changed.pskc"), bytes);
        bool visited = false;
        auto opened = openPskc({path("changed.pskc"), path("customer.key"), path(signer + ".crt")},
                               [&](const OpenedEndpoint&) { visited = true; });
        QVERIFY(!opened);
        QVERIFY(!visited); // nothing is handed out before the signature holds
        QVERIFY2(opened.error().kind == ReportErrorKind::Signature, problem(opened).constData());
        auto verified = test::runProgram(
            QStringLiteral("pskctool"), {QStringLiteral("--verify"), QStringLiteral("--verify-crt"),
                                         path(signer + ".crt"), path("changed.pskc")});
        QVERIFY(verified.exitCode != 0 || verified.out.trimmed() != "OK");
    }

    void onlyAnEcdsaP256SignerSigns() {
        makeParty(QStringLiteral("rsasigner"),
                  {QStringLiteral("-newkey"), QStringLiteral("rsa:2048")});
        auto signer = crypto::PemSigner::open(path("rsasigner.key"), path("rsasigner.crt"));
        QVERIFY(signer);
        auto exported =
            exportListingAsPskc({path("listing-rsa-oaep-sha1.json"), path("station.crt"), {}},
                                path("rsa.pskc"), **signer);
        QVERIFY(!exported);
        QVERIFY(problem(exported).contains("P-256"));
        QVERIFY(!QFile::exists(path("rsa.pskc")));
    }

    /// RFC 6030's schema names RSA-OAEP with MGF1-SHA-1 only.
    void aKekWrappedWithSha256IsRefused() {
        auto signer = crypto::PemSigner::open(path("station.key"), path("station.crt"));
        QVERIFY(signer);
        auto exported =
            exportListingAsPskc({path("listing-rsa-oaep-sha256.json"), path("station.crt"), {}},
                                path("sha256.pskc"), **signer);
        QVERIFY(!exported);
        QVERIFY2(problem(exported).contains("/kek/wrap"), problem(exported).constData());
        QVERIFY(!QFile::exists(path("sha256.pskc")));
    }

private:
    bool exportPskc(const QString& listing, const QString& out) {
        auto signer = crypto::PemSigner::open(path("station.key"), path("station.crt"));
        if (!signer)
            return false;
        auto exported = exportListingAsPskc({listing, path("station.crt"), path("customer.crt")},
                                            out, **signer);
        if (!exported)
            qWarning("%s", problem(exported).constData());
        return exported && exported->endpoints == kEndpoints &&
               exported->keyPackages == 3 * kEndpoints;
    }

    void makeParty(const QString& name, const QStringList& keyOptions) {
        auto made = test::runProgram(
            QStringLiteral("openssl"),
            QStringList{QStringLiteral("req"), QStringLiteral("-x509")} + keyOptions +
                QStringList{
                    QStringLiteral("-addext"), QStringLiteral("basicConstraints=critical,CA:FALSE"),
                    QStringLiteral("-nodes"), QStringLiteral("-keyout"), path(name + ".key"),
                    QStringLiteral("-out"), path(name + ".crt"), QStringLiteral("-subj"),
                    QStringLiteral("/CN=") + name, QStringLiteral("-days"), QStringLiteral("30")});
        QVERIFY2(made.exitCode == 0, made.err.constData());
    }

    QString path(const QString& name) const { return dir_.filePath(name); }
    QString path(const char* name) const { return dir_.filePath(QString::fromLatin1(name)); }
    QTemporaryDir dir_;
};

QTEST_GUILESS_MAIN(TstPskc)
#include "tst_pskc.moc"
