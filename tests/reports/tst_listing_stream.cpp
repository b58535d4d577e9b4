// kps-listing/1 through the customer-side tools, no HSM: seal (from a CSV of keys)
// and open (streamed) give back the same keys for every purpose; any JSON layout of
// the same content opens; bad files are refused with their place; the writer never
// leaves a file that breaks the schema.
#include "certificate_factory.hpp"
#include "cli_runner.hpp"
#include "kps/reports/listing_opener.hpp"
#include "kps/reports/listing_sealer.hpp"
#include "kps/reports/listing_writer.hpp"
#include "must.hpp"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTemporaryDir>

using namespace kps;
using namespace kps::reports;

namespace {

const QByteArray kKeys = "address,role,id,version,kcv,value\n"
                         "KLK-00010000-01-07,data,1,1,,00112233445566778899aabbccddeeff\n"
                         "KLK-00010000-01-07,dm,2,1,,ffeeddccbbaa99887766554433221100\n"
                         "KLK-00010000-01-07,password,0,0,,\"pa\"\"ss,word\"\n"
                         "KLK-00010001-01-07,data,1,1,,0102030405060708090a0b0c0d0e0f10\n"
                         "KLK-00010002-01-07,data,1,2,,1112131415161718191a1b1c1d1e1f20\n"
                         "KLK-00010002-01-07,local,3,1,,2122232425262728292a2b2c2d2e2f30\n";
const QByteArray kMasters = "address,role,id,version,kcv,value\n"
                            "DATA_MASTER,master,0,0,,000102030405060708090a0b0c0d0e0f\n"
                            "DM_MASTER,master,0,0,,"
                            "101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f\n";

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

/// A signer that must never be reached.
class NoSigner final : public x509::Signer {
public:
    const x509::CertificateInfo& certificate() const override { return info_; }
    x509::Result<x509::Der> signDigest(std::span<const std::uint8_t, 32>) override {
        return x509::fail("sign", {}, "no signer in this test");
    }

private:
    x509::CertificateInfo info_;
};

} // namespace

class TstListingStream : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        makeParty(QStringLiteral("recipient"),
                  {QStringLiteral("-newkey"), QStringLiteral("rsa:2048")});
        makeParty(QStringLiteral("sender"),
                  {QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                   QStringLiteral("ec_paramgen_curve:P-256")});
        makeParty(QStringLiteral("rsasender"),
                  {QStringLiteral("-newkey"), QStringLiteral("rsa:2048")});
        writeFile(path("keys.csv"), kKeys);
        writeFile(path("masters.csv"), kMasters);
    }

    void sealThenOpenGivesTheSameKeys_data() {
        QTest::addColumn<int>("purpose");
        QTest::addColumn<QString>("csv");
        QTest::addColumn<QString>("sender");
        QTest::addColumn<QString>("wrap");
        QTest::newRow("customer-listing") << int(Purpose::CustomerListing) << "keys.csv"
                                          << "sender"
                                          << "rsa-oaep-sha256";
        QTest::newRow("dm-batch") << int(Purpose::DmBatch) << "keys.csv"
                                  << "sender"
                                  << "rsa-oaep-sha1";
        QTest::newRow("key-list, RSA-PSS sender") << int(Purpose::KeyList) << "keys.csv"
                                                  << "rsasender"
                                                  << "rsa-oaep-sha256";
        QTest::newRow("masters") << int(Purpose::Masters) << "masters.csv"
                                 << "sender"
                                 << "rsa-oaep-sha256";
        QTest::newRow("eval-kit") << int(Purpose::EvalKit) << "masters.csv"
                                  << "rsasender"
                                  << "rsa-oaep-sha1";
    }

    void sealThenOpenGivesTheSameKeys() {
        QFETCH(int, purpose);
        QFETCH(QString, csv);
        QFETCH(QString, sender);
        QFETCH(QString, wrap);
        const QString listing = path("sealed.json");
        auto sealed = seal(Purpose(purpose), csv, sender, listing, wrap);
        QVERIFY2(sealed, problem(sealed).constData());
        auto opened = test::runKps({QStringLiteral("listing"), QStringLiteral("open"), listing,
                                    QStringLiteral("--key"), path("recipient.key"),
                                    QStringLiteral("--sender"), path(sender + ".crt"),
                                    QStringLiteral("--recipient"), path("recipient.crt")});
        QVERIFY2(opened.exitCode == 0, opened.err.constData());
        // Open prints the computed KCVs where the CSV left them empty.
        QCOMPARE(withoutKcv(opened.out), withoutKcv(readFile(path(csv))));
    }

    /// Passwords a spreadsheet would run as formulas leave `kps listing open` behind a
    /// single quote, quoted (OWASP); seal reads the mark off again, so the CSV round-trips
    /// and the values themselves (--json) are untouched.
    void formulasInPasswordsAreNeutralised() {
        const QByteArray csv =
            "address,role,id,version,kcv,value\n"
            "KLK-00020000-01-07,password,0,0,,\"'=HYPERLINK(\"\"http://x\"\")\"\n"
            "KLK-00020001-01-07,password,0,0,,\"'+1\"\n"
            "KLK-00020002-01-07,password,0,0,,\"'-2+3\"\n"
            "KLK-00020003-01-07,password,0,0,,\"'@SUM(A1)\"\n"
            "KLK-00020004-01-07,password,0,0,,\"'\tTAB\"\n"
            "KLK-00020005-01-07,password,0,0,,\"''quote\"\n"
            "KLK-00020006-01-07,password,0,0,,plain=+-@\n";
        writeFile(path("formulas.csv"), csv);
        QVERIFY(seal(Purpose::CustomerListing, QStringLiteral("formulas.csv"),
                     QStringLiteral("sender"), path("formulas.json")));
        const QStringList open{QStringLiteral("listing"), QStringLiteral("open"),
                               path("formulas.json"),     QStringLiteral("--key"),
                               path("recipient.key"),     QStringLiteral("--sender"),
                               path("sender.crt")};
        auto opened = test::runKps(open);
        QVERIFY2(opened.exitCode == 0, opened.err.constData());
        QCOMPARE(opened.out, csv); // every guarded field as it went in
        auto json = test::runKps(QStringList{QStringLiteral("--json")} + open);
        QVERIFY2(json.exitCode == 0, json.err.constData());
        for (const char* value : {"\"=HYPERLINK(\\\"http://x\\\")\"", "\"+1\"", "\"-2+3\"",
                                  "\"@SUM(A1)\"", "\"\\tTAB\"", "\"'quote\"", "\"plain=+-@\""})
            QVERIFY2(json.out.contains(value), value);
    }

    void anyLayoutOfTheSameDocumentOpens() {
        QVERIFY(seal(Purpose::CustomerListing, QStringLiteral("keys.csv"), QStringLiteral("sender"),
                     path("pretty.json")));
        const QByteArray pretty = readFile(path("pretty.json"));
        // Compact, keys sorted: the endpoints come before the KEK they need.
        const QByteArray compact = QJsonDocument::fromJson(pretty).toJson(QJsonDocument::Compact);
        QVERIFY(compact.indexOf("\"endpoints\"") < compact.indexOf("\"kek\""));
        writeSigned(path("compact.json"), compact);
        std::vector<QString> fromPretty, fromCompact;
        QVERIFY(open(path("pretty.json"), fromPretty));
        auto reopened = open(path("compact.json"), fromCompact);
        QVERIFY2(reopened, problem(reopened).constData());
        QCOMPARE(fromCompact, fromPretty);
        QCOMPARE(fromPretty.size(), std::size_t(3));
    }

    void badFilesAreRefusedWithTheirPlace_data() {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<QString>("place");
        QTest::addColumn<QString>("reason");
        QTest::newRow("schema, in an entry")
            << QByteArray("\"kcv\": \"") << QByteArray("\"kcv\": \"X") << "/endpoints/2/keys/1/kcv"
            << "pattern";
        QTest::newRow("duplicate address")
            << QByteArray("KLK-00010002") << QByteArray("KLK-00010001") << "/endpoints/2/address"
            << "same address";
        QTest::newRow("field twice")
            << QByteArray("\"keyWrap\": \"aes-kwp\",")
            << QByteArray("\"keyWrap\": \"aes-kwp\", \"order\": \"X\",") << "line"
            << "appears twice";
        QTest::newRow("batch count")
            << QByteArray("\"keyWrap\": \"aes-kwp\",")
            << QByteArray("\"keyWrap\": \"aes-kwp\", \"batch\": {\"station\": "
                          "\"s\", \"profile\": \"p\", \"keySource\": "
                          "\"manuf\", \"count\": 99},")
            << "/batch/count"
            << "the file holds 3";
        QTest::newRow("text after the end") << QByteArray("\n}\n") << QByteArray("\n}\n}") << "line"
                                            << "after the end";
        QTest::newRow("truncated") << QByteArray("\n  ]\n}\n") << QByteArray("\n") << "line"
                                   << "expected";
        QTest::newRow("masters purpose with endpoints")
            << QByteArray("\"customer-listing\"") << QByteArray("\"masters\"") << "/"
            << "schema";
    }

    void badFilesAreRefusedWithTheirPlace() {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(QString, place);
        QFETCH(QString, reason);
        QVERIFY(seal(Purpose::CustomerListing, QStringLiteral("keys.csv"), QStringLiteral("sender"),
                     path("good.json")));
        QByteArray bad = readFile(path("good.json"));
        QVERIFY(bad.contains(from));
        bad.replace(bad.lastIndexOf(from), from.size(), to);
        writeSigned(path("bad.json"), bad);
        std::vector<QString> addresses;
        auto opened = open(path("bad.json"), addresses);
        QVERIFY(!opened);
        QCOMPARE(opened.error().kind, ReportErrorKind::BadInput);
        QVERIFY2(opened.error().place.startsWith(place), qPrintable(opened.error().message()));
        QVERIFY2(opened.error().message().contains(reason), qPrintable(opened.error().message()));
    }

    /// A file sealed to someone is sealed only to a certificate the recipient rule takes.
    void nothingIsSealedToAWeakRecipient() {
        for (const auto& weak : test::weakRecipients()) {
            const QString recipient = path(QStringLiteral("weak-") + weak.name);
            writeFile(recipient, weak.pem);
            auto sealed =
                sealListing({Purpose::Masters, QStringLiteral("PO-TEST-1"), path("masters.csv"),
                             recipient, path("sender.key"), path("sender.crt"), path("weak.json"),
                             QStringLiteral("rsa-oaep-sha256")});
            QVERIFY2(!sealed, qPrintable(weak.name));
            QCOMPARE(sealed.error().kind, ReportErrorKind::BadInput);
            QCOMPARE(sealed.error().file, recipient);
            QVERIFY2(sealed.error().reason.contains(weak.reason),
                     qPrintable(sealed.error().reason));
            QVERIFY(!QFile::exists(path("weak.json")));
        }
    }

    void wrongKcvIsCaughtWhenOpening() {
        QVERIFY(seal(Purpose::CustomerListing, QStringLiteral("keys.csv"), QStringLiteral("sender"),
                     path("good.json")));
        QByteArray bad = readFile(path("good.json"));
        const qsizetype at = bad.lastIndexOf("\"kcv\": \"") + 8;
        bad[at] = bad[at] == '0' ? '1' : '0';
        writeSigned(path("bad.json"), bad);
        std::vector<QString> addresses;
        auto opened = open(path("bad.json"), addresses);
        QVERIFY(!opened);
        QCOMPARE(opened.error().place, QStringLiteral("/endpoints/2/keys/1/kcv"));
    }

    void aChangeWhileReadingIsCaught() {
        // Large enough that the second pass still reads from the file when it changes.
        QByteArray csv = "address,role,id,version,kcv,value\n";
        for (int i = 0; i < 12000; ++i)
            csv += "KLK-" + QByteArray::number(10000 + i).rightJustified(8, '0') +
                   "-01-07,data,1,1,,00112233445566778899aabbccddeeff\n";
        writeFile(path("many.csv"), csv);
        QVERIFY(seal(Purpose::KeyList, QStringLiteral("many.csv"), QStringLiteral("sender"),
                     path("moving.json")));
        QVERIFY(QFileInfo(path("moving.json")).size() > (1 << 20) + (1 << 18));
        bool changed = false;
        auto opened =
            openListing({path("moving.json"), path("recipient.key"), path("sender.crt"), {}},
                        [&](const OpenedEndpoint&) {
                            if (std::exchange(changed, true))
                                return;
                            QByteArray bytes = readFile(path("moving.json"));
                            bytes.replace("KLK-00021990", "KLK-00091990");
                            writeFile(path("moving.json"), bytes);
                        });
        QVERIFY(!opened);
        QVERIFY2(opened.error().reason.contains(QLatin1String("changed while")),
                 qPrintable(opened.error().message()));
    }

    /// A link planted as FILE.partial (where exports are written) is refused, never
    /// followed: the file it points at outside stays as it was, for the streamed
    /// listing writer and for the small files (DM batches, signatures, reports' JSON).
    void aPlantedPartialLinkIsNotFollowed() {
        const QString outside = path("outside.txt");
        {
            QFile file(outside);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("precious\n");
        }
        ListingHeader header;
        header.purpose = Purpose::CustomerListing;
        header.order = QStringLiteral("PO-1");
        header.created = QDateTime::currentDateTimeUtc();
        header.sender = {QStringLiteral("CN=s"), QString(64, u'a')};
        header.recipient = {QStringLiteral("CN=r"), QString(64, u'b')};
        header.kek = {QStringLiteral("rsa-oaep-sha1"), QByteArray(256, 'k'),
                      QStringLiteral("abcdef")};
        const QString listing = path("planted.json");
        QVERIFY(QFile::link(outside, listing + QStringLiteral(".partial")));
        auto writer = ListingWriter::create(listing, header);
        QVERIFY(!writer);
        QVERIFY2(writer.error().reason.contains(QLatin1String("symbolic link")),
                 qPrintable(writer.error().message()));
        const QString batch = path("dm-batch.json");
        QVERIFY(QFile::link(outside, batch + QStringLiteral(".partial")));
        auto written = writeFileAtomically(batch, "{}");
        QVERIFY(!written);
        const QString signature = path("signed.json");
        QVERIFY(QFile::link(outside, signature)); // a link at the final name is replaced
        QVERIFY(writeFileAtomically(signature, "{}"));
        QVERIFY(!QFileInfo(signature).isSymLink());
        QFile check(outside);
        QVERIFY(check.open(QIODevice::ReadOnly));
        QCOMPARE(check.readAll(), QByteArray("precious\n"));
        QVERIFY(!QFile::exists(listing) && !QFile::exists(batch));
    }

    void writerNeverLeavesAFileThatBreaksTheSchema() {
        ListingHeader header;
        header.purpose = Purpose::CustomerListing;
        header.order = QStringLiteral("PO-1");
        header.created = QDateTime::currentDateTimeUtc();
        header.sender = {QStringLiteral("CN=s"), QString(64, u'a')};
        header.recipient = {QStringLiteral("CN=r"), QString(64, u'b')};
        header.kek = {QStringLiteral("rsa-oaep-sha1"), QByteArray(256, 'k'),
                      QStringLiteral("abcdef")};
        const QString out = path("refused.json");
        {
            auto writer = ListingWriter::create(out, header);
            QVERIFY(writer);
            for (int i = 0; i < 300; ++i) { // more than one batch, the bad one in the middle
                EndpointEntry entry;
                entry.address = i == 150
                                    ? QStringLiteral("bad address")
                                    : QStringLiteral("KLK-%1-01-07")
                                          .arg(QString::number(10000 + i).rightJustified(8, u'0'));
                entry.keys.push_back(
                    {1, QStringLiteral("data"), 1, QByteArray(24, 'w'), QStringLiteral("abcdef")});
                test::must((*writer)->add(entry), "add an entry");
            }
            NoSigner signer;
            auto finished = (*writer)->finish(signer);
            QVERIFY(!finished);
            QCOMPARE(finished.error().kind, ReportErrorKind::Output);
            QCOMPARE(finished.error().place, QStringLiteral("/endpoints/150/address"));
        }
        QVERIFY(!QFile::exists(out));
        QVERIFY(!QFile::exists(out + QStringLiteral(".partial")));
        QVERIFY(!QFile::exists(out + QStringLiteral(".sig")));
    }

private:
    QString path(const QString& name) const { return dir_.filePath(name); }
    QString path(const char* name) const { return path(QString::fromLatin1(name)); }

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

    ReportResult<SealSummary> seal(Purpose purpose, const QString& csv, const QString& sender,
                                   const QString& out,
                                   const QString& wrap = QStringLiteral("rsa-oaep-sha256")) {
        return sealListing({purpose, QStringLiteral("PO-TEST-1"), path(csv), path("recipient.crt"),
                            path(sender + ".key"), path(sender + ".crt"), out, wrap});
    }

    /// Writes FILE and signs it with the sender's key, as any tool could.
    void writeSigned(const QString& file, const QByteArray& bytes) {
        writeFile(file, bytes);
        auto signedFile = test::runProgram(
            QStringLiteral("openssl"),
            {QStringLiteral("dgst"), QStringLiteral("-sha256"), QStringLiteral("-sign"),
             path("sender.key"), QStringLiteral("-out"), file + QStringLiteral(".sig"), file});
        QVERIFY2(signedFile.exitCode == 0, signedFile.err.constData());
    }

    ReportResult<OpenedListing> open(const QString& file, std::vector<QString>& seen) {
        return openListing(
            {file, path("recipient.key"), path("sender.crt"), path("recipient.crt")},
            [&](const OpenedEndpoint& endpoint) {
                QString line = endpoint.address;
                for (const auto& secret : endpoint.secrets)
                    line +=
                        u' ' + QString::fromLatin1(
                                   QByteArray(reinterpret_cast<const char*>(secret.value.data()),
                                              qsizetype(secret.value.size()))
                                       .toHex());
                seen.push_back(line);
            });
    }

    static QByteArray withoutKcv(const QByteArray& csv) {
        QByteArrayList rows;
        for (const QByteArray& row : csv.trimmed().split('\n')) {
            QByteArrayList fields = row.split(',');
            if (fields.size() >= 6)
                fields[4].clear();
            rows << fields.join(',');
        }
        return rows.join('\n');
    }

    QTemporaryDir dir_;
};

QTEST_GUILESS_MAIN(TstListingStream)
#include "tst_listing_stream.moc"
