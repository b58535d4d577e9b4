// Passwords from a 16-byte seed by the profile's alphabet, and profile rules.
#include "kps/provisioning/profile.hpp"

#include <QTest>

using namespace kps::provisioning;

class TstPassword : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void seedMapsByBaseConversion() {
        // X = 1 * 10 + 2: digits 2, then 1, then 0s (little end first).
        std::uint8_t seed[16] = {};
        seed[15] = 12;
        PasswordRule rule{4, 1, 6, QStringLiteral("0123456789")};
        auto password = passwordFromSeed(seed, rule);
        QCOMPARE(QByteArray(reinterpret_cast<const char*>(password.data()), 6),
                 QByteArray("210000"));
    }

    void fullSeedUsesTheAlphabetOnly() {
        std::uint8_t seed[16];
        std::fill(std::begin(seed), std::end(seed), 0xA5);
        PasswordRule rule{
            4, 1, 12, QStringLiteral("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")};
        auto password = passwordFromSeed(seed, rule);
        QCOMPARE(password.size(), std::size_t(12));
        for (std::size_t i = 0; i < password.size(); ++i)
            QVERIFY(rule.alphabet.contains(QLatin1Char(char(password.data()[i]))));
    }

    void builtInProfileIsValid() {
        auto profile =
            loadProfile(QStringLiteral("amr-reference-v1"), QStringLiteral("/nonexistent"));
        QVERIFY(profile);
        QCOMPARE(profile->keys.size(), std::size_t(3));
        QCOMPARE(profile->password.id, 4);
    }

    void profileRulesAreChecked_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("place");
        const QByteArray base =
            R"({"format":"kps-profile/1","name":"p","target":"t","injection":"plain",
            "keys":[{"id":1,"role":"data","version":1,"master":"DATA"}%1],
            "password":{"id":%2,"version":1,"length":%3,"alphabet":"%4"}})";
        auto make = [&](const char* extraKey, int passwordId, int length, const char* alphabet) {
            return QString::fromLatin1(base)
                .arg(QLatin1String(extraKey))
                .arg(passwordId)
                .arg(length)
                .arg(QLatin1String(alphabet))
                .toUtf8();
        };
        QTest::newRow("duplicate key id")
            << make(R"(,{"id":1,"role":"dm","version":1,"master":"DM"})", 4, 8, "ABCDEFGHIJK")
            << QStringLiteral("/keys/1/id");
        QTest::newRow("password id reused")
            << make("", 1, 8, "ABCDEFGHIJK") << QStringLiteral("/keys/0/id");
        QTest::newRow("repeated character")
            << make("", 4, 8, "ABCDEFGHIJA") << QStringLiteral("/password/alphabet");
        QTest::newRow("too long for the seed")
            << make("", 4, 32, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") << QStringLiteral("/password/length");
        QTest::newRow("schema: bad role") << QByteArray(base)
                                                 .replace("\"data\"", "\"admin\"")
                                                 .replace("%1", "")
                                                 .replace("%2", "4")
                                                 .replace("%3", "8")
                                                 .replace("%4", "ABCDEFGHIJK")
                                          << QStringLiteral("/keys/0/role");
    }
    void profileRulesAreChecked() {
        QFETCH(QByteArray, json);
        QFETCH(QString, place);
        auto profile = parseProfile(json, QStringLiteral("p.json"));
        QVERIFY(!profile);
        QCOMPARE(profile.error().file, QStringLiteral("p.json"));
        QCOMPARE(profile.error().place, place);
    }
};

QTEST_GUILESS_MAIN(TstPassword)
#include "tst_password.moc"
