// The one JSON string escaper and the ordered JSON writer built on it: every character
// that JSON requires escaped is, control characters as \u00XX, UTF-8 unchanged; and
// whatever it writes, Qt's parser reads back as the same string.
#include "json_text.hpp"
#include "kps/reports/json_escape.hpp"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace kps::reports;

namespace {

QByteArray escaped(QByteArrayView utf8) {
    QByteArray out;
    escapeJsonString({reinterpret_cast<const std::uint8_t*>(utf8.data()), std::size_t(utf8.size())},
                     [&out](char c) { out += c; });
    return out;
}

} // namespace

class TstJsonText : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void escapesWhatJsonRequires_data() {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("plain") << QByteArray("abc XYZ 123") << QByteArray("abc XYZ 123");
        QTest::newRow("quote") << QByteArray("a\"b") << QByteArray("a\\\"b");
        QTest::newRow("backslash") << QByteArray("a\\b") << QByteArray("a\\\\b");
        QTest::newRow("named controls") << QByteArray("\n\r\t") << QByteArray("\\n\\r\\t");
        QTest::newRow("other controls")
            << QByteArray("\x01\x1f\b\f", 4) << QByteArray("\\u0001\\u001f\\u0008\\u000c");
        QTest::newRow("nul") << QByteArray("a\0b", 3) << QByteArray("a\\u0000b");
        QTest::newRow("slash and delete") << QByteArray("/\x7f") << QByteArray("/\x7f");
        QTest::newRow("utf-8") << QByteArray("Wasserz\xc3\xa4hler \xe2\x82\xac")
                               << QByteArray("Wasserz\xc3\xa4hler \xe2\x82\xac");
    }

    void escapesWhatJsonRequires() {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        QCOMPARE(escaped(input), expected);
        QCOMPARE(jsonQuoted(input), '"' + expected + '"');
    }

    void everyByteRoundTripsThroughQtsParser() {
        QByteArray all;
        for (int c = 1; c < 0x80; ++c)
            all += char(c);
        all += "\xc3\xa9\xf0\x9f\x94\x91"; // é and a key emoji
        const QByteArray document = "{\"v\": " + jsonQuoted(all) + "}";
        QJsonParseError error;
        const QJsonObject object = QJsonDocument::fromJson(document, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(object[QStringLiteral("v")].toString().toUtf8(), all);
    }

    void writerKeepsTheOrderItIsGiven() {
        JsonText json;
        json.beginObject()
            .field("z", QStringLiteral("last \"first\""))
            .field("a", qint64(-7))
            .beginArray("list")
            .raw("1")
            .raw("{}")
            .endArray()
            .rawField("raw", "true")
            .endObject();
        QCOMPARE(json.text(),
                 QByteArray("{\"z\": \"last \\\"first\\\"\", \"a\": -7, \"list\": [1, {}], "
                            "\"raw\": true}"));
        QVERIFY(!QJsonDocument::fromJson(json.text()).isNull());
        QCOMPARE(JsonText::quoted(QStringLiteral("tab\there")), QByteArray("\"tab\\there\""));
    }
};

QTEST_GUILESS_MAIN(TstJsonText)
#include "tst_json_text.moc"
