// The JSON stream scanner under the listing reader on its own: values found and
// skipped without being built, positions (line, column) of every error, the text
// checks it shares with the whole-file parser (byte order mark, UTF-8 also across its
// 1 MiB reads, size limit), what is left after the document, and the hash of every
// byte read.
#include "json_stream.hpp"
#include "kps/schemas/text_checks.hpp"

#include <QBuffer>
#include <QCryptographicHash>
#include <QTest>

using namespace kps;
using namespace kps::reports;

namespace {

struct Scanned {
    QBuffer device;
    std::unique_ptr<JsonStream> stream;
    explicit Scanned(const QByteArray& text, qint64 maxBytes = 0) {
        device.setData(text);
        device.open(QIODevice::ReadOnly);
        stream = std::make_unique<JsonStream>(device, QStringLiteral("doc.json"), maxBytes);
    }
};

QString placeOf(const ReportResult<void>& result) {
    return result ? QString() : result.error().place;
}

/// Reads every byte through the stream and returns its text problem, if any.
std::optional<ReportError> problemOf(const QByteArray& text, qint64 maxBytes = 0) {
    Scanned scanned(text, maxBytes);
    scanned.stream->drainToEnd();
    return scanned.stream->textProblem();
}

} // namespace

class TstJsonStream : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsKeysAndRawValues() {
        Scanned s("{ \"a\" : [1, {\"b\": \"x\\\"y\"}], \"c\": -1.5e3 , \"d\": null}");
        QVERIFY(s.stream->expect('{', ""));
        auto a = s.stream->readKey();
        QVERIFY(a);
        QCOMPARE(*a, QStringLiteral("a"));
        QByteArray raw;
        QVERIFY(s.stream->readValue(&raw, 1000, QStringLiteral("/a")));
        QCOMPARE(raw, QByteArray("[1, {\"b\": \"x\\\"y\"}]"));
        auto parsed = s.stream->parse(raw, {});
        QVERIFY(parsed && parsed->isArray());
        QVERIFY(s.stream->expect(',', ""));
        QCOMPARE(*s.stream->readKey(), QStringLiteral("c"));
        raw.clear();
        QVERIFY(s.stream->readValue(&raw, 1000, QStringLiteral("/c")));
        QCOMPARE(raw, QByteArray("-1.5e3"));
        QVERIFY(s.stream->expect(',', ""));
        QCOMPARE(*s.stream->readKey(), QStringLiteral("d"));
        QVERIFY(s.stream->readValue(nullptr, 0, {})); // skipped, not kept
        QVERIFY(s.stream->expect('}', ""));
        QVERIFY(!s.stream->drainToEnd());
    }

    void errorsNameTheirLineAndColumn() {
        Scanned s("{\n  \"a\": 1\n  \"b\": 2\n}");
        QVERIFY(s.stream->expect('{', ""));
        QVERIFY(s.stream->readKey());
        QVERIFY(s.stream->readValue(nullptr, 0, {}));
        const auto comma = s.stream->expect(',', "after a field");
        QCOMPARE(placeOf(comma), QStringLiteral("line 3, column 3"));
        QVERIFY(comma.error().reason.startsWith(QStringLiteral("not valid JSON: expected ','")));

        Scanned inside("{\"a\": [1,\n 2,, 3]}");
        QVERIFY(inside.stream->expect('{', ""));
        QVERIFY(inside.stream->readKey());
        const TextPosition at = (inside.stream->skipWhitespace(), inside.stream->position());
        QCOMPARE(at.text(), QStringLiteral("line 1, column 7"));
        QByteArray raw;
        QVERIFY(inside.stream->readValue(&raw, 100, QStringLiteral("/a")));
        const auto parsed = inside.stream->parse(raw, at);
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().place.left(7), QStringLiteral("line 2,")); // the second comma

        Scanned cut("{\"a\": \"open");
        QVERIFY(cut.stream->expect('{', ""));
        QVERIFY(cut.stream->readKey());
        const auto open = cut.stream->readValue(nullptr, 0, {});
        QVERIFY(!open);
        QVERIFY(open.error().reason.contains(QStringLiteral("ends inside a string")));
    }

    void valuesLargerThanTheirLimitAreRefused() {
        Scanned s("[\"" + QByteArray(200, 'x') + "\"]");
        QByteArray raw;
        const auto read = s.stream->readValue(&raw, 100, QStringLiteral("/big"));
        QVERIFY(!read);
        QCOMPARE(read.error().place, QStringLiteral("/big"));
        QVERIFY(read.error().reason.contains(QStringLiteral("than 100 bytes")));
    }

    void textAfterTheDocumentIsFoundWhereItIs() {
        Scanned s("{}\n\n  x\n");
        QVERIFY(s.stream->expect('{', ""));
        QVERIFY(s.stream->expect('}', ""));
        const auto left = s.stream->drainToEnd();
        QVERIFY(left);
        QCOMPARE(left->text(), QStringLiteral("line 3, column 3"));
        QCOMPARE(left->offset, qint64(6));
    }

    void textChecksMatchTheWholeFileParser_data() {
        QTest::addColumn<QByteArray>("text");
        const QByteArray body = "{\n  \"name\": \"abc\",\n  \"x\": \"";
        QTest::newRow("ff") << body + "\xff\"}";
        QTest::newRow("overlong") << body + "\xc0\xaf\"}";
        QTest::newRow("surrogate") << body + "\xed\xa0\x80\"}";
        QTest::newRow("cut sequence") << body + "\xe2\x82\"}";
        QTest::newRow("above 10FFFF") << body + "\xf4\x90\x80\x80\"}";
        QTest::newRow("cut at the end") << body + "\xe2\x82";
        QTest::newRow("valid") << body + "\xe2\x82\xac \xf0\x9f\x94\x91\"}";
        // A bad byte after the first 1 MiB read, and a good sequence cut by that read.
        QTest::newRow("after the first read")
            << "[\"" + QByteArray((1 << 20) - 3, 'a') + "\xc3\xa9\n\xc3(\"]";
        QTest::newRow("sequence across reads")
            << "[\"" + QByteArray((1 << 20) - 3, 'a') + "\xe2\x82\xac\"]";
    }

    void textChecksMatchTheWholeFileParser() {
        QFETCH(QByteArray, text);
        const qsizetype bad = schemas::firstInvalidUtf8(text);
        const auto problem = problemOf(text);
        if (bad < 0) {
            QVERIFY(!problem);
            return;
        }
        QVERIFY(problem);
        const auto expected = schemas::invalidUtf8(QStringLiteral("doc.json"), bad,
                                                   schemas::lineAndColumn(text, bad));
        QCOMPARE(problem->place, expected.place);
        QCOMPARE(problem->reason, expected.reason);
        // Fed one byte at a time, the check finds the same byte.
        schemas::Utf8Check check;
        for (char c : text)
            check.feed(QByteArrayView(&c, 1));
        QCOMPARE(check.finish().value_or(-1), qint64(bad));
    }

    void byteOrderMarkAndSizeComeFirst() {
        const auto mark = problemOf("\xef\xbb\xbf{\"a\": \"\xff\"}");
        QVERIFY(mark);
        QCOMPARE(mark->place, QStringLiteral("byte 0"));
        QVERIFY(mark->reason.contains(QStringLiteral("byte order mark")));
        const auto large = problemOf("{\"a\": \"" + QByteArray(100, 'x') + "\"}", 64);
        QVERIFY(large);
        QCOMPARE(large->place, QStringLiteral("byte 64"));
        QVERIFY(large->reason.contains(QStringLiteral("larger than 64 bytes")));
        QVERIFY(!problemOf("{\"a\": 1}", 8)); // exactly the limit
    }

    void everyByteReadIsHashed() {
        QByteArray text = "{\"endpoints\": [";
        for (int i = 0; i < 40000; ++i)
            text += "{\"address\": \"KLK-" + QByteArray::number(10000000 + i) + "-01-07\"},";
        text += "{}]}\n";
        QVERIFY(text.size() > (1 << 20));
        Scanned s(text);
        QCryptographicHash hash(QCryptographicHash::Sha256);
        s.stream->hashFromHere(hash);
        QVERIFY(s.stream->expect('{', ""));
        QVERIFY(s.stream->readKey());
        QVERIFY(s.stream->readValue(nullptr, 0, {})); // the whole array, skipped
        QVERIFY(s.stream->expect('}', ""));
        QVERIFY(!s.stream->drainToEnd());
        QCOMPARE(hash.result(), QCryptographicHash::hash(text, QCryptographicHash::Sha256));
        QCOMPARE(s.stream->position().offset, qint64(text.size()));
    }

    void seekGoesBackToAKnownPosition() {
        Scanned s("{\"a\": 1,\n \"b\": [2, 3]}");
        QVERIFY(s.stream->expect('{', ""));
        QVERIFY(s.stream->readKey());
        QVERIFY(s.stream->readValue(nullptr, 0, {}));
        QVERIFY(s.stream->expect(',', ""));
        s.stream->skipWhitespace();
        const TextPosition b = s.stream->position();
        QVERIFY(s.stream->readKey());
        QVERIFY(s.stream->seek(b));
        QCOMPARE(*s.stream->readKey(), QStringLiteral("b"));
        QCOMPARE(s.stream->position().line, qint64(2));
    }
};

QTEST_GUILESS_MAIN(TstJsonStream)
#include "tst_json_stream.moc"
