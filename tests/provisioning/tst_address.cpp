// The wireless M-Bus address: text form and on-air bytes (docs/formats.md).
#include "kps/provisioning/address.hpp"

#include <QTest>

using kps::provisioning::EndpointAddress;

class TstAddress : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void textToBytes_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("design example")
            << "KLK-12345678-01-07" << QByteArray::fromHex("8b2d785634120107");
        QTest::newRow("first demo")
            << "KLK-00010000-01-07" << QByteArray::fromHex("8b2d000001000107");
        QTest::newRow("vector ABC")
            << "ABC-99999999-ff-1b" << QByteArray::fromHex("430499999999ff1b");
    }
    void textToBytes() {
        QFETCH(QString, text);
        QFETCH(QByteArray, bytes);
        auto address = EndpointAddress::parse(text);
        QVERIFY(address);
        const auto raw = address->bytes();
        QCOMPARE(QByteArray(reinterpret_cast<const char*>(raw.data()), 8).toHex(), bytes.toHex());
        QCOMPARE(EndpointAddress::fromBytes(raw).text(),
                 text.toUpper().replace(QStringLiteral("FF-1B"), QStringLiteral("ff-1b")));
    }

    void rejectsMalformed_data() {
        QTest::addColumn<QString>("text");
        for (const char* bad : {"", "KLK-1234567-01-07", "klk-12345678-01-07", "KLK-1234567A-01-07",
                                "KLK-12345678-1-07", "KLK-12345678-01-07-", "K1K-12345678-01-07"})
            QTest::newRow(bad) << QString::fromLatin1(bad);
    }
    void rejectsMalformed() {
        QFETCH(QString, text);
        QVERIFY(!EndpointAddress::parse(text));
    }

    void advancesWithinEightDigits() {
        auto address = EndpointAddress::parse(QStringLiteral("KLK-99999998-01-07"));
        QCOMPARE(address->advancedBy(1)->text(), QStringLiteral("KLK-99999999-01-07"));
        QVERIFY(!address->advancedBy(2));
    }
};

QTEST_GUILESS_MAIN(TstAddress)
#include "tst_address.moc"
