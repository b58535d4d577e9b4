// The declared command line: help, usage and the version come from the table of
// commands and need no station, no data directory and no login; every argument is
// checked before a station is opened (a usage error exits 1, a malformed order id or
// address 2), and nothing is created for either.
#include "cli_runner.hpp"

#include <QDir>
#include <QTemporaryDir>

using namespace kps;

namespace {

const QStringList kCommands{
    QStringLiteral("init"),     QStringLiteral("order"),   QStringLiteral("run"),
    QStringLiteral("close"),    QStringLiteral("report"),  QStringLiteral("audit"),
    QStringLiteral("endpoint"), QStringLiteral("probes"),  QStringLiteral("user"),
    QStringLiteral("masters"),  QStringLiteral("keylist"), QStringLiteral("destroy"),
    QStringLiteral("evalkit"),  QStringLiteral("listing"), QStringLiteral("demo")};

} // namespace

class TstCliTable : public QObject {
    Q_OBJECT
    QTemporaryDir scratch_;

    /// No login, no PIN, and a data directory that does not exist.
    QProcessEnvironment bare() const {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"KPS_LOGIN", "KPS_LOGIN_PIN", "KPS_LOGIN_PIN_FILE", "KPS_LOGIN2",
                                 "KPS_USER_PIN", "KPS_USER_PIN_FILE", "KPS_DATA"})
            environment.remove(QString::fromLatin1(name));
        return environment;
    }
    QString missing() const { return QDir(scratch_.path()).filePath(QStringLiteral("nowhere")); }
    test::ProcessResult kps(const QStringList& arguments) const {
        return test::runKps(QStringList{QStringLiteral("--data"), missing()} + arguments, bare());
    }

private Q_SLOTS:
    void helpListsEveryCommandWithoutAStation() {
        const auto help = kps({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        for (const QString& command : kCommands)
            QVERIFY2(help.out.contains("\n  " + command.toUtf8() + ' '), qPrintable(command));
        QVERIFY(help.out.contains("--version"));
        QVERIFY(help.out.contains("Exit codes"));
        QVERIFY(!QFileInfo::exists(missing()));
    }

    void commandHelpTwoWays() {
        for (const QString& command : kCommands) {
            const auto asked = kps({QStringLiteral("help"), command});
            const auto flagged = kps({command, QStringLiteral("--help")});
            QCOMPARE(asked.exitCode, 0);
            QCOMPARE(flagged.exitCode, 0);
            QCOMPARE(asked.out, flagged.out);
            QVERIFY2(asked.out.startsWith("usage: kps [--data DIR] [--json] " + command.toUtf8()),
                     asked.out.constData());
        }
        const auto run = kps({QStringLiteral("help"), QStringLiteral("run")});
        for (const char* option : {"--sim", "--probes SERIAL,...", "--slots N", "--count N",
                                   "--fault-rate R", "(default 4)"})
            QVERIFY2(run.out.contains(option), option);
        const auto verb =
            kps({QStringLiteral("order"), QStringLiteral("add"), QStringLiteral("--help")});
        QCOMPARE(verb.exitCode, 0);
        QVERIFY(verb.out.contains("order add ORDER.json"));
        QVERIFY(!QFileInfo::exists(missing()));
    }

    void versionAndJsonHelp() {
        const auto version = kps({QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        QVERIFY2(version.out.startsWith("kps 0."), version.out.constData());
        const auto json =
            kps({QStringLiteral("--json"), QStringLiteral("help"), QStringLiteral("audit")});
        QCOMPARE(json.exitCode, 0);
        QVERIFY(json.out.contains("\"ok\":true"));
        QVERIFY(json.out.contains("audit verify"));
    }

    void argumentsAreCheckedBeforeTheStationOpens_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("says");
        const QString run = QStringLiteral("run");
        const QString order = QStringLiteral("PO-1");
        QTest::newRow("negative count")
            << QStringList{run, order, QStringLiteral("--count"), QStringLiteral("-5")} << 1
            << QStringLiteral("--count N takes a whole number");
        QTest::newRow("count abc") << QStringList{run, order, QStringLiteral("--count=abc")} << 1
                                   << QStringLiteral("not \"abc\"");
        QTest::newRow("garbage fault rate")
            << QStringList{run, order, QStringLiteral("--sim"), QStringLiteral("--fault-rate"),
                           QStringLiteral("often")}
            << 1 << QStringLiteral("--fault-rate R takes a number from 0 to 1");
        QTest::newRow("fault rate above 1")
            << QStringList{run, order, QStringLiteral("--fault-rate"), QStringLiteral("1.5")} << 1
            << QStringLiteral("from 0 to 1");
        QTest::newRow("no slots") << QStringList{run, order, QStringLiteral("--slots"),
                                                 QStringLiteral("0")}
                                  << 1 << QStringLiteral("from 1 to 64");
        QTest::newRow("a value missing") << QStringList{run, order, QStringLiteral("--slots")} << 1
                                         << QStringLiteral("needs a value");
        QTest::newRow("an unknown option") << QStringList{run, order, QStringLiteral("--fast")} << 1
                                           << QStringLiteral("unknown option --fast");
        QTest::newRow("no order") << QStringList{run} << 1 << QStringLiteral("missing arguments");
        QTest::newRow("an unknown verb")
            << QStringList{QStringLiteral("order"), QStringLiteral("frob"), order} << 1
            << QStringLiteral("usage: kps");
        QTest::newRow("an unknown command")
            << QStringList{QStringLiteral("frobnicate")} << 1 << QStringLiteral("unknown command");
        QTest::newRow("a required option")
            << QStringList{QStringLiteral("evalkit")} << 1 << QStringLiteral("--to CERT is needed");
        QTest::newRow("a port out of range")
            << QStringList{QStringLiteral("init"), QStringLiteral("--pg-port"),
                           QStringLiteral("70000")}
            << 1 << QStringLiteral("from 1 to 65535");
        QTest::newRow("an order id that is a path")
            << QStringList{run, QStringLiteral("../../etc"), QStringLiteral("--sim")} << 2
            << QStringLiteral("is no order id");
        QTest::newRow("an option twice") << QStringList{run,
                                                        order,
                                                        QStringLiteral("--sim"),
                                                        QStringLiteral("--count"),
                                                        QStringLiteral("2"),
                                                        QStringLiteral("--count=5")}
                                         << 1 << QStringLiteral("--count is given twice");
        QTest::newRow("no jigs") << QStringList{run, order} << 1
                                 << QStringLiteral("use either --sim");
        QTest::newRow("sim and probes")
            << QStringList{run, order, QStringLiteral("--sim"), QStringLiteral("--probes"),
                           QStringLiteral("A")}
            << 1 << QStringLiteral("use either --sim");
        QTest::newRow("no probe serial")
            << QStringList{run, order, QStringLiteral("--probes"), QStringLiteral(",,,")} << 1
            << QStringLiteral("names no probe serial");
        QTest::newRow("an order id with a newline")
            << QStringList{run, QStringLiteral("PO-1\n"), QStringLiteral("--sim")} << 2
            << QStringLiteral("is no order id");
        QTest::newRow("an address that is none")
            << QStringList{QStringLiteral("endpoint"), QStringLiteral("KLK-1")} << 2
            << QStringLiteral("not an address");
    }
    void argumentsAreCheckedBeforeTheStationOpens() {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, says);
        const auto refused = kps(arguments);
        QCOMPARE(refused.exitCode, exitCode);
        QVERIFY2(refused.err.contains(says.toUtf8()), refused.err.constData());
        QVERIFY(!refused.err.contains("no station here")); // refused before opening one
        QVERIFY(!QFileInfo::exists(missing()));
    }
};

QTEST_GUILESS_MAIN(TstCliTable)
#include "tst_cli_table.moc"
