// The text checks every JSON input gets (schemas/text_checks.hpp) on their own: a
// member twice in any object found with its JSON pointer and both places (keys compared
// as the strings they encode; siblings, arrays and strings that look like JSON are no
// duplicates), UTF-8 verdicts, and parseDocument refusing a duplicate before the schema.
#include "kps/schemas/text_checks.hpp"
#include "kps/schemas/validator.hpp"

#include <QTest>

using namespace kps::schemas;

class TstTextChecks : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void duplicatesAreFoundWithTheirPointer_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<int>("offset");
        QTest::addColumn<int>("firstOffset");
        QTest::newRow("top") << QByteArray("{\"a\": 1, \"a\": 2}") << "/a" << 9 << 1;
        QTest::newRow("nested") << QByteArray("{\"kek\": {\"kcv\": \"x\", \"kcv\": \"y\"}}")
                                << "/kek/kcv" << 21 << 9;
        QTest::newRow("in an array")
            << QByteArray("{\"e\": [{\"k\": 1}, {\"k\": 1, \"id\": 2, \"k\": 3}]}") << "/e/1/k"
            << 35 << 18;
        QTest::newRow("escaped key") << QByteArray("{\"a\": 1, \"\\u0061\": 2}") << "/a" << 9 << 1;
        QTest::newRow("pointer escaping")
            << QByteArray("{\"x/y\": {\"m~n\": 1, \"m~n\": 2}}") << "/x~1y/m~0n" << 19 << 9;
        QTest::newRow("after a tricky string")
            << QByteArray("{\"s\": \"{\\\"s\\\": [\", \"s\": 1}") << "/s" << 19 << 1;
    }

    void duplicatesAreFoundWithTheirPointer() {
        QFETCH(QByteArray, json);
        QFETCH(QString, pointer);
        QFETCH(int, offset);
        QFETCH(int, firstOffset);
        const auto twice = firstDuplicateMember(json, QStringLiteral(""));
        QVERIFY(twice);
        QCOMPARE(twice->pointer, pointer);
        QCOMPARE(twice->offset, qsizetype(offset));
        QCOMPARE(twice->firstOffset, qsizetype(firstOffset));
        QCOMPARE(firstDuplicateMember(json, QStringLiteral("/endpoints/3"))->pointer,
                 QStringLiteral("/endpoints/3") + pointer);
    }

    void siblingsAndArraysAreNoDuplicates() {
        QVERIFY(!firstDuplicateMember("{\"a\": {\"k\": 1}, \"b\": {\"k\": 1}}"));
        QVERIFY(!firstDuplicateMember("[{\"k\": 1}, {\"k\": 2}]"));
        QVERIFY(!firstDuplicateMember("{\"list\": [\"a\", \"a\"], \"s\": \"a\\\"a\"}"));
        QVERIFY(!firstDuplicateMember("{\"A\": 1, \"a\": 2}")); // keys are case-sensitive
    }

    void parseDocumentRefusesADuplicateBeforeTheSchema() {
        const QByteArray json = "{\n  \"format\": \"kps-order/1\",\n  \"customer\": {\"name\": "
                                "\"x\", \"name\": \"y\"}\n}";
        const auto parsed =
            parseDocument(json, QStringLiteral("kps-order/1"), QStringLiteral("order.json"));
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().file, QStringLiteral("order.json"));
        QCOMPARE(parsed.error().place, QStringLiteral("line 3, column 29"));
        QCOMPARE(parsed.error().reason,
                 QStringLiteral("the member /customer/name appears twice (first at line 3, column "
                                "16): every member of an object appears once"));
    }

    void utf8VerdictsAgreeFedWholeOrInPieces() {
        const QByteArray text = "ok \xc3\xa9 \xe2\x82\xac then \xed\xa0\x80 bad";
        const qsizetype bad = firstInvalidUtf8(text);
        QCOMPARE(bad, qsizetype(text.indexOf("\xed")));
        Utf8Check pieces;
        for (qsizetype i = 0; i < text.size(); i += 3)
            pieces.feed(QByteArrayView(text).sliced(i, std::min<qsizetype>(3, text.size() - i)));
        QCOMPARE(pieces.finish().value_or(-1), qint64(bad));
        QCOMPARE(firstInvalidUtf8("plain \xf0\x9f\x94\x91"), qsizetype(-1));
        QCOMPARE(lineAndColumn("a\nbc\nd", 4), QStringLiteral("line 2, column 3"));
    }
};

QTEST_GUILESS_MAIN(TstTextChecks)
#include "tst_text_checks.moc"
