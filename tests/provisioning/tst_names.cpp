// The engine's typed names: each fault and secret role has one name in one table, read
// back to the same value; a name the table does not know is refused, never taken for a
// default. An order id is checked against kps-order/1's pattern before it names a file.
#include "kps/provisioning/fault.hpp"
#include "kps/provisioning/order_id.hpp"
#include "kps/provisioning/retry_policy.hpp"
#include "kps/provisioning/secret_role.hpp"

#include <QSet>
#include <QTest>

using namespace kps::provisioning;

class TstNames : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyFaultHasOneNameReadBack() {
        QSet<QString> names;
        for (int i = 0; i <= int(Fault::Interrupted); ++i) {
            const auto fault = Fault(i);
            const QString name = faultName(fault);
            QVERIFY2(!name.isEmpty(), qPrintable(QString::number(i)));
            QCOMPARE(faultFrom(name), std::optional(fault));
            names.insert(name);
        }
        QCOMPARE(names.size(), int(Fault::Interrupted) + 1); // no name twice
        QCOMPARE(faultName(Fault::SwdWait), QStringLiteral("swd-wait"));
        QCOMPARE(faultFrom(QStringLiteral("swd_wait")), std::nullopt);
        QCOMPARE(faultFrom(QString()), std::nullopt);
    }

    void theRetryPolicyIsKeyedByTheFault() {
        const RetryPolicy policy;
        QCOMPARE(policy.attemptsFor(Fault::FlashProgram), 3);
        QCOMPARE(policy.attemptsFor(Fault::ProbeMissing), 2);
        QCOMPARE(policy.attemptsFor(Fault::TargetLocked), 1);
        QCOMPARE(policy.attemptsFor(Fault::EndpointChanged), 1);
        QVERIFY(RetryPolicy::reconnects(Fault::SwdFault));
        QVERIFY(!RetryPolicy::reconnects(Fault::FlashProgram));
        QCOMPARE(policy.bound(), 3);
    }

    void everySecretRoleHasOneNameReadBack() {
        for (SecretRole role : {SecretRole::Data, SecretRole::Dm, SecretRole::Local,
                                SecretRole::Fleet, SecretRole::Password})
            QCOMPARE(secretRoleFrom(secretRoleName(role)), std::optional(role));
        QCOMPARE(secretRoleName(SecretRole::Dm), QStringLiteral("dm"));
        QCOMPARE(secretRoleFrom(QStringLiteral("DM")), std::nullopt);
        QCOMPARE(secretRoleFrom(QStringLiteral("master")), std::nullopt);
    }

    void orderIdsFollowTheSchemasPattern_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << QStringLiteral("PO-2026-0001") << true;
        QTest::newRow("dots and underscores") << QStringLiteral("po.2026_01") << true;
        QTest::newRow("64 characters") << QString(64, u'A') << true;
        QTest::newRow("65 characters") << QString(65, u'A') << false;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("a path") << QStringLiteral("../PO-1") << false;
        QTest::newRow("a slash") << QStringLiteral("PO/1") << false;
        QTest::newRow("leading dash") << QStringLiteral("-PO") << false;
        QTest::newRow("a space") << QStringLiteral("PO 1") << false;
    }
    void orderIdsFollowTheSchemasPattern() {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        auto id = OrderId::parse(text, QStringLiteral("argv"));
        QCOMPARE(bool(id), valid);
        if (valid)
            QCOMPARE(id->text(), text);
        else
            QCOMPARE(id.error().kind, ErrorKind::BadInput);
    }
};

QTEST_GUILESS_MAIN(TstNames)
#include "tst_names.moc"
