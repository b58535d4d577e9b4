// CSV on its own: fields quoted when RFC 4180 requires it, records split back into the
// same fields (every field in locked memory), and the reader of a customer's key CSV
// (`kps listing seal`): its header, rows, and one message per bad line naming line and
// column.
#include "csv.hpp"
#include "key_csv.hpp"
#include "kps/reports/csv_field.hpp"

#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace kps;
using namespace kps::reports;

namespace {

QByteArray text(const secure::SecretBytes& field) {
    return QByteArray(reinterpret_cast<const char*>(field.data()), qsizetype(field.size()));
}

/// The fields of a record, each without the guard a formula-like field carries (as the
/// key-CSV reader takes them).
std::optional<QByteArrayList> splitRecord(const QByteArray& record) {
    auto fields = csv::splitSecret(
        {reinterpret_cast<const std::uint8_t*>(record.constData()), std::size_t(record.size())});
    if (!fields)
        return std::nullopt;
    QByteArrayList out;
    for (const auto& field : *fields)
        out << text(field).mid(qsizetype(csvGuardLength(field.span())));
    return out;
}

} // namespace

class TstCsv : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    QString writeCsv(const char* name, const QByteArray& content) {
        const QString path = dir_.filePath(QLatin1String(name));
        QFile file(path);
        file.open(QIODevice::WriteOnly | QIODevice::Truncate);
        file.write(content);
        return path;
    }

private Q_SLOTS:
    void fieldsAreQuotedWhenTheyMustBe() {
        QCOMPARE(csv::field("plain"), QByteArray("plain"));
        QCOMPARE(csv::field("a,b"), QByteArray("\"a,b\""));
        QCOMPARE(csv::field("say \"hi\""), QByteArray("\"say \"\"hi\"\"\""));
        QCOMPARE(csv::field("two\nlines"), QByteArray("\"two\nlines\""));
        QCOMPARE(csv::field("cr\r"), QByteArray("\"cr\r\""));
        QCOMPARE(csv::record({"a", "b,c", ""}), QByteArray("a,\"b,c\","));
    }

    /// OWASP: a field a spreadsheet would run as a formula gets a single quote in front
    /// and is quoted; one that begins with a single quote gets another, so that a reader
    /// removing one always gets the value back.
    void formulaFieldsAreNeutralised_data() {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QByteArray>("written");
        QTest::newRow("=") << QByteArray("=1+2") << QByteArray("\"'=1+2\"");
        QTest::newRow("+") << QByteArray("+1") << QByteArray("\"'+1\"");
        QTest::newRow("-") << QByteArray("-1") << QByteArray("\"'-1\"");
        QTest::newRow("@") << QByteArray("@SUM(A1)") << QByteArray("\"'@SUM(A1)\"");
        QTest::newRow("tab") << QByteArray("\tx") << QByteArray("\"'\tx\"");
        QTest::newRow("carriage return") << QByteArray("\rx") << QByteArray("\"'\rx\"");
        QTest::newRow("quote") << QByteArray("'x") << QByteArray("\"''x\"");
        QTest::newRow("formula with quotes")
            << QByteArray("=HYPERLINK(\"u\")") << QByteArray("\"'=HYPERLINK(\"\"u\"\")\"");
        QTest::newRow("inside only") << QByteArray("a=b+c-d@e") << QByteArray("a=b+c-d@e");
    }

    void formulaFieldsAreNeutralised() {
        QFETCH(QByteArray, value);
        QFETCH(QByteArray, written);
        QCOMPARE(csv::field(value), written);
        QCOMPARE(*splitRecord(csv::record({"KLK-00010000-01-07", value})),
                 QByteArrayList({"KLK-00010000-01-07", value}));
    }

    void recordsSplitBackIntoTheirFields() {
        const QByteArrayList fields{"KLK-00010000-01-07", "password", "0", "", "pa\"ss,word", ""};
        const auto split = splitRecord(csv::record(fields));
        QVERIFY(split);
        QCOMPARE(*split, fields);
        QVERIFY(!splitRecord("a,\"open"));
        QCOMPARE(*splitRecord(""), QByteArrayList{QByteArray()});
    }

    void randomFieldsRoundTrip() {
        QRandomGenerator random(0x637376); // "csv"
        const QByteArray alphabet = "ab,\"\r =+-@\t'x";
        for (int round = 0; round < 500; ++round) {
            QByteArrayList fields;
            const int count = 1 + int(random.bounded(6));
            for (int f = 0; f < count; ++f) {
                QByteArray field;
                for (int c = int(random.bounded(8)); c > 0; --c)
                    field += alphabet[int(random.bounded(alphabet.size()))];
                fields << field;
            }
            const QByteArray record = csv::record(fields);
            const auto split = splitRecord(record);
            QVERIFY2(split, record.constData());
            QCOMPARE(*split, fields);
        }
    }

    void keyCsvRowsAreRead() {
        const QString path = writeCsv(
            "keys.csv", "address,role,id,version,kcv,value\r\n"
                        "KLK-00010000-01-07,data,1,1,ABCDEF,00112233445566778899aabbccddeeff\r\n"
                        "\n"
                        "KLK-00010000-01-07,password,0,0,,\"pa,ss\"\n"
                        "DATA_MASTER,master,0,0,,"
                        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        KeyCsvReader reader(path);
        QVERIFY(reader.open());
        auto key = reader.next();
        QVERIFY(key && *key);
        QCOMPARE((*key)->line, qint64(2));
        QCOMPARE((*key)->address, QStringLiteral("KLK-00010000-01-07"));
        QCOMPARE((*key)->kcv, QStringLiteral("abcdef"));
        QCOMPARE((*key)->value.size(), std::size_t(16));
        QCOMPARE((*key)->value.data()[15], std::uint8_t(0xff));
        auto password = reader.next();
        QVERIFY(password && *password);
        QCOMPARE((*password)->line, qint64(4)); // the blank line is skipped, not miscounted
        QCOMPARE(text((*password)->value), QByteArray("pa,ss"));
        auto master = reader.next();
        QVERIFY(master && *master && (*master)->isMaster());
        QCOMPARE((*master)->value.size(), std::size_t(32));
        auto end = reader.next();
        QVERIFY(end && !*end);
    }

    void badKeyCsvLinesAreNamed_data() {
        QTest::addColumn<QByteArray>("row");
        QTest::addColumn<QString>("place");
        QTest::addColumn<QString>("reason");
        const QByteArray key = "00112233445566778899aabbccddeeff";
        QTest::newRow("fields") << QByteArray("KLK-00010000-01-07,data,1,1,") << "line 2"
                                << "not 6";
        QTest::newRow("quote") << QByteArray("KLK-00010000-01-07,data,1,1,,\"") << "line 2"
                               << "not closed";
        QTest::newRow("role") << "KLK-00010000-01-07,admin,1,1,," + key << "line 2, role"
                              << "must be one of";
        QTest::newRow("id") << "KLK-00010000-01-07,data,0,1,," + key << "line 2, id"
                            << "1 to 255";
        QTest::newRow("kcv") << "KLK-00010000-01-07,data,1,1,12345," + key << "line 2, kcv"
                             << "6 hex digits";
        QTest::newRow("hex") << QByteArray("KLK-00010000-01-07,data,1,1,,0011zz") << "line 2, value"
                             << "16, 24 or 32 bytes";
        QTest::newRow("key length")
            << QByteArray("KLK-00010000-01-07,data,1,1,,0011") << "line 2, value"
            << "16, 24 or 32 bytes";
        QTest::newRow("password") << QByteArray("KLK-00010000-01-07,password,0,0,,")
                                  << "line 2, value"
                                  << "1 to 64 characters";
        QTest::newRow("long line") << QByteArray(9000, 'x') << "line 2"
                                   << "longer than";
    }

    void badKeyCsvLinesAreNamed() {
        QFETCH(QByteArray, row);
        QFETCH(QString, place);
        QFETCH(QString, reason);
        const QString path = writeCsv("bad.csv", "address,role,id,version,kcv,value\n" + row +
                                                     "\nKLK-00010001-01-07,data,1,1,,00\n");
        KeyCsvReader reader(path);
        QVERIFY(reader.open());
        auto next = reader.next();
        QVERIFY(!next);
        QCOMPARE(next.error().file, path);
        QCOMPARE(next.error().place, place);
        QVERIFY2(next.error().reason.contains(reason), qPrintable(next.error().reason));
    }

    void theHeaderIsChecked() {
        KeyCsvReader reader(writeCsv("header.csv", "address,role,id,kcv,value\n"));
        const auto opened = reader.open();
        QVERIFY(!opened);
        QCOMPARE(opened.error().place, QStringLiteral("line 1"));
        QVERIFY(
            opened.error().reason.contains(QStringLiteral("address,role,id,version,kcv,value")));
        KeyCsvReader missing(dir_.filePath(QStringLiteral("none.csv")));
        QVERIFY(!missing.open());
    }
};

QTEST_GUILESS_MAIN(TstCsv)
#include "tst_csv.moc"
