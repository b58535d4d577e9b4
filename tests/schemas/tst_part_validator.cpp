// Validating one part of a schema (a streamed file's header or entry) against a JSON
// pointer into it: definitions still resolve, problems name their place in the file,
// and the PCRE patterns decide exactly as the schema's ECMA ones.
#include "kps/schemas/validator.hpp"

#include <QJsonDocument>
#include <QTest>

using namespace kps::schemas;

namespace {

QJsonObject entry(const char* json) {
    return QJsonDocument::fromJson(json).object();
}

const char* kGood = R"({"address": "KLK-00010000-01-07", "keys": [{"id": 1, "role": "data",
    "version": 1, "wrapped": "LHj2Ow99A0oEMQf3a/ucfOaPOkqRAvEd", "kcv": "97ce5c"}],
    "password": {"wrapped": "LHj2Ow99A0oEMQf3a/ucfOaPOkqRAvEd"}})";

} // namespace

class TstPartValidator : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void validEntryPasses() {
        auto validator = PartValidator::create(QStringLiteral("kps-listing/1"),
                                               QStringLiteral("/properties/endpoints/items"));
        QVERIFY(validator);
        QVERIFY(validator->validate(entry(kGood), QStringLiteral("f.json"),
                                    QStringLiteral("/endpoints/7")));
    }

    void problemNamesThePlaceInTheFile_data() {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<QString>("place");
        QTest::newRow("kcv pattern (a $ref)") << QByteArray("97ce5c") << QByteArray("97CE5Z")
                                              << QStringLiteral("/endpoints/7/keys/0/kcv");
        QTest::newRow("base64 pattern")
            << QByteArray("\"wrapped\": \"LHj2") << QByteArray("\"wrapped\": \"L*j2")
            << QStringLiteral("/endpoints/7/keys/0/wrapped");
        QTest::newRow("address pattern") << QByteArray("KLK-00010000") << QByteArray("KLK-0001000X")
                                         << QStringLiteral("/endpoints/7/address");
        QTest::newRow("role enum") << QByteArray("\"data\"") << QByteArray("\"other\"")
                                   << QStringLiteral("/endpoints/7/keys/0/role");
        QTest::newRow("unknown field") << QByteArray("\"password\"") << QByteArray("\"passwd\"")
                                       << QStringLiteral("/endpoints/7");
    }

    void problemNamesThePlaceInTheFile() {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(QString, place);
        auto validator = PartValidator::create(QStringLiteral("kps-listing/1"),
                                               QStringLiteral("/properties/endpoints/items"));
        QVERIFY(validator);
        QByteArray text(kGood);
        text.replace(from, to);
        auto checked = validator->validate(entry(text), QStringLiteral("f.json"),
                                           QStringLiteral("/endpoints/7"));
        QVERIFY(!checked);
        QCOMPARE(checked.error().file, QStringLiteral("f.json"));
        QCOMPARE(checked.error().place, place);
    }

    void unicodeEscapesInPatternsWork() {
        // kps-order/1 uses "\u0000" in a pattern: ECMA syntax, translated for PCRE.
        const QByteArray order = R"({"format": "kps-order/1", "order": "PO-1",
            "customer": {"name": "A", "certificate": "a.crt"},
            "headend": {"name": "B", "certificate": "/abs.crt", "dm": "keys"},
            "profile": "p", "keySource": "manuf", "quantity": 1,
            "addresses": {"manufacturer": "KLK", "first": "00010000", "version": 1, "type": 7}})";
        auto checked = parseDocument(order, QStringLiteral("kps-order/1"), QStringLiteral("o"));
        QVERIFY(!checked);
        QCOMPARE(checked.error().place, QStringLiteral("/headend/certificate"));
        QVERIFY(parseDocument(QByteArray(order).replace("/abs.crt", "b.crt"),
                              QStringLiteral("kps-order/1"), QStringLiteral("o")));
    }

    void aFinalNewlineIsNotTheEnd() {
        // "$" ends the string as in ECMA 262; PCRE2's "$" alone also matched before a
        // final newline, so "PO-1\n" passed as an order id (a file named with a newline).
        auto validator = PartValidator::create(QStringLiteral("kps-order/1"),
                                               QStringLiteral("/definitions/orderId"));
        QVERIFY(validator);
        QVERIFY(validator->validate(QJsonValue(QStringLiteral("PO-1")), QStringLiteral("x"), {}));
        for (const char* id : {"PO-1\n", "PO-1\r\n", "PO-1\n\n", "\nPO-1"})
            QVERIFY2(
                !validator->validate(QJsonValue(QString::fromLatin1(id)), QStringLiteral("x"), {}),
                id);
    }

    void unknownPointerIsRefused() {
        QVERIFY(!PartValidator::create(QStringLiteral("kps-listing/1"),
                                       QStringLiteral("/properties/nothing")));
        QVERIFY(!PartValidator::create(QStringLiteral("kps-nothing/1"), QStringLiteral("/")));
    }
};

QTEST_GUILESS_MAIN(TstPartValidator)
#include "tst_part_validator.moc"
