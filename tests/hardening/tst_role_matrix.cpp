// The role matrix (provisioning/roles.hpp) as the command line enforces it: every
// station command as every role. A command the role may not run ends with exit code
// 3 and leaves a "refused" row (actor, action, role) in the audit chain; a command it
// may run is never refused for its role. Dual-control commands are also tried with
// each non-custodian as the second person.
#include "cli_station.hpp"
#include "customer_files.hpp"
#include "kps/provisioning/roles.hpp"

#include <QSqlDatabase>
#include <QSqlQuery>

using namespace kps;
using provisioning::Action;

namespace {

struct CommandSpec {
    QString name;
    QStringList arguments;
    Action action;
    bool dualControl = false;
};

const QStringList kUsers{QStringLiteral("operator"), QStringLiteral("supervisor"),
                         QStringLiteral("custodian1"), QStringLiteral("auditor"),
                         QStringLiteral("admin")};

provisioning::Role roleOf(const QString& user) {
    return user == QLatin1String("custodian1") ? provisioning::Role::Custodian
                                               : *provisioning::roleFrom(user);
}

qint64 refusedRows(const QString& database, const QString& actor, const QString& action) {
    qint64 count = -1;
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("matrix"));
        db.setDatabaseName(database);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (db.open()) {
            QSqlQuery query(db);
            query.prepare(QStringLiteral("SELECT COUNT(*) FROM audit WHERE event = 'refused' AND "
                                         "actor = ? AND detail LIKE ?"));
            query.addBindValue(actor);
            query.addBindValue(QStringLiteral("%\"") + action + QStringLiteral("\"%"));
            if (query.exec() && query.next())
                count = query.value(0).toLongLong();
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("matrix"));
    return count;
}

} // namespace

class TstRoleMatrix : public QObject {
    Q_OBJECT

    test::CliStation cli_;
    QList<CommandSpec> commands_;
    int tried_ = 0;
    int refusedAndAudited_ = 0;

    test::ProcessResult run(const CommandSpec& command, const QString& first,
                            const QString& second) {
        QProcessEnvironment environment = cli_.as(first, second);
        const QString secrets = QDir(cli_.directory()).filePath(QStringLiteral("secrets/"));
        environment.insert(QStringLiteral("KPS_NEW_PIN_FILE"),
                           secrets + QStringLiteral("operator.pin"));
        environment.insert(QStringLiteral("KPS_SO_SHARE1_FILE"),
                           secrets + QStringLiteral("so-share-1.pin"));
        environment.insert(QStringLiteral("KPS_SO_SHARE2_FILE"),
                           secrets + QStringLiteral("so-share-2.pin"));
        return test::runKps(cli_.command(command.arguments), environment);
    }

    /// One forbidden attempt: exit 3, and one more refused row for the person refused.
    void expectRefused(const CommandSpec& command, const QString& first, const QString& second,
                       const QString& refused) {
        const QString action = provisioning::actionName(command.action);
        const qint64 before = refusedRows(cli_.database(), refused, action);
        const auto result = run(command, first, second);
        ++tried_;
        QVERIFY2(result.exitCode == 3, qPrintable(QStringLiteral("%1 as %2/%3: exit %4 %5")
                                                      .arg(command.name, first, second)
                                                      .arg(result.exitCode)
                                                      .arg(QString::fromUtf8(result.err))));
        QVERIFY2(result.err.contains("may not"), result.err.constData());
        QCOMPARE(refusedRows(cli_.database(), refused, action), before + 1);
        ++refusedAndAudited_;
    }

private Q_SLOTS:
    void initTestCase() {
        auto& fixture = cli_.fixture;
        const auto supervisor = fixture.login(QStringLiteral("supervisor"));
        test::OrderSpec manuf{QStringLiteral("PO-RM-MAN"), QStringLiteral("manuf"), 20,
                              QStringLiteral("00100000")};
        test::OrderSpec masters{QStringLiteral("PO-RM-MAS"), QStringLiteral("customer-masters"), 5,
                                QStringLiteral("00200000")};
        test::OrderSpec list{QStringLiteral("PO-RM-LST"), QStringLiteral("customer-list"), 1};
        list.list = {QStringLiteral("00300000")};
        for (const auto& spec : {masters, list})
            QVERIFY(fixture.station->orders().add(supervisor, fixture.writeOrder(spec)));
        cli_.addStartedOrder(manuf);
        fixture.reopen();
        const test::CustomerSide side{fixture.path(QStringLiteral("customer/customer.key")),
                                      fixture.path(QStringLiteral("customer/customer.crt")),
                                      fixture.station->paths().publicCertificates() +
                                          QStringLiteral("/station-import.crt")};
        const QString mastersFile =
            test::sealMasters(side, masters.id, fixture.path(QStringLiteral("sealed")));
        const QString listFile =
            test::sealKeyList(side, list.id, fixture.path(QStringLiteral("sealed")),
                              {QStringLiteral("KLK-00300000-01-07")});
        test::OrderSpec fresh{QStringLiteral("PO-RM-NEW"), QStringLiteral("manuf"), 5,
                              QStringLiteral("00400000")};
        const QString orderFile = fixture.writeOrder(fresh);
        fixture.station.reset();
        QVERIFY(cli_.kps(QStringLiteral("operator"),
                         {QStringLiteral("run"), manuf.id, QStringLiteral("--sim"),
                          QStringLiteral("--count"), QStringLiteral("2")})
                    .exitCode == 0);
        commands_ = {
            {"order add", {"order", "add", orderFile}, Action::AddOrder},
            {"order hold", {"order", "hold", manuf.id}, Action::ChangeOrderState},
            {"order start", {"order", "start", manuf.id}, Action::ChangeOrderState},
            {"order show", {"order", "show", manuf.id}, Action::ViewOrders},
            {"endpoint", {"endpoint", "KLK-00100000-01-07"}, Action::ViewOrders},
            {"run", {"run", manuf.id, "--sim", "--count", "1"}, Action::RunOrder},
            {"report", {"report", manuf.id}, Action::WriteReport},
            {"audit verify", {"audit", "verify"}, Action::VerifyAudit},
            {"user list", {"user", "list"}, Action::ManageUsers},
            {"user add", {"user", "add", "newcomer", "--role", "operator"}, Action::ManageUsers},
            {"user disable", {"user", "disable", "nobody"}, Action::ManageUsers},
            {"user reset-pin", {"user", "reset-pin", "nobody"}, Action::ManageUsers},
            {"masters import", {"masters", "import", mastersFile}, Action::ImportMasters, true},
            {"keylist import", {"keylist", "import", listFile}, Action::ImportKeyList, true},
            {"evalkit",
             {"evalkit", "--to", fixture.path(QStringLiteral("customer/customer.crt")), "--out",
              fixture.path(QStringLiteral("evalkit.json"))},
             Action::ExportEvalKit,
             true},
            {"destroy", {"destroy", masters.id}, Action::DestroyKeys, true},
            {"close", {"close", manuf.id}, Action::CloseOrder},
        };
    }

    void forbiddenCommandsAreRefusedAndAudited() {
        for (const CommandSpec& command : commands_)
            for (const QString& user : kUsers) {
                if (provisioning::allowed(roleOf(user), command.action))
                    continue;
                expectRefused(command, user,
                              command.dualControl ? QStringLiteral("custodian2") : QString(), user);
                if (QTest::currentTestFailed())
                    return;
            }
    }

    void dualControlRefusesANonCustodianSecond() {
        for (const CommandSpec& command : commands_) {
            if (!command.dualControl)
                continue;
            for (const QString& second : kUsers) {
                if (second == QLatin1String("custodian1"))
                    continue;
                expectRefused(command, QStringLiteral("custodian1"), second, second);
                if (QTest::currentTestFailed())
                    return;
            }
        }
    }

    void allowedCommandsAreNotRefusedForTheirRole() {
        for (const CommandSpec& command : commands_)
            for (const QString& user : kUsers) {
                if (!provisioning::allowed(roleOf(user), command.action))
                    continue;
                const QString action = provisioning::actionName(command.action);
                const qint64 before = refusedRows(cli_.database(), user, action);
                const auto result = run(
                    command, user, command.dualControl ? QStringLiteral("custodian2") : QString());
                ++tried_;
                QVERIFY2(!result.err.contains("may not"),
                         qPrintable(command.name + QStringLiteral(" as ") + user +
                                    QStringLiteral(": ") + QString::fromUtf8(result.err)));
                QCOMPARE(refusedRows(cli_.database(), user, action), before);
            }
    }

    void cleanupTestCase() {
        qInfo("role matrix: %lld commands x %lld roles (+ dual-control second persons): %d "
              "attempts, %d forbidden ones refused with exit 3 and audited",
              qlonglong(commands_.size()), qlonglong(kUsers.size()), tried_, refusedAndAudited_);
    }
};

QTEST_GUILESS_MAIN(TstRoleMatrix)
#include "tst_role_matrix.moc"
