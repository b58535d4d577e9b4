// One station, several commands at once: a line run is never stopped by another
// command (logins, an auditor's order show and audit verify, a second order's run on
// other sockets); a slot belongs to one run at a time; Ctrl-C ends a run as
// cancelled (exit 5); a profile edited after `order add` changes nothing for the order.
#include "batch_check.hpp"
#include "cli_station.hpp"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <csignal>

using namespace kps;

namespace {

QJsonObject jsonOf(const QByteArray& out) {
    return QJsonDocument::fromJson(out).object();
}

QStringList runArgs(const QString& orderId, int firstSocket) {
    return {QStringLiteral("--json"),         QStringLiteral("run"),       orderId,
            QStringLiteral("--sim"),          QStringLiteral("--slots"),   QStringLiteral("2"),
            QStringLiteral("--first-socket"), QString::number(firstSocket)};
}

/// The line run as a process of its own, slowed down (each key-store write takes
/// `flashMs`) so other commands run while it does.
class Background {
public:
    Background(const test::CliStation& station, const QStringList& arguments, int flashMs) {
        QProcessEnvironment environment = station.as(QStringLiteral("operator"));
        environment.insert(QStringLiteral("KPS_SIM_FLASH_MS"), QString::number(flashMs));
        process_.setProcessEnvironment(environment);
        process_.start(test::cliPath(), station.command(arguments));
    }
    ~Background() {
        if (process_.state() != QProcess::NotRunning) {
            process_.kill();
            process_.waitForFinished(10000);
        }
    }
    /// Still running (without an event loop, only a wait notices that it ended).
    bool running() {
        process_.waitForFinished(0);
        return process_.state() != QProcess::NotRunning;
    }
    void interrupt() { ::kill(pid_t(process_.processId()), SIGINT); }
    test::ProcessResult wait() {
        process_.waitForFinished(600000);
        return {process_.exitStatus() == QProcess::NormalExit ? process_.exitCode() : -1,
                process_.readAllStandardOutput(), process_.readAllStandardError()};
    }

private:
    QProcess process_;
};

} // namespace

class TstConcurrentUse : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        for (const auto& [id, first, quantity] :
             {std::tuple{QStringLiteral("PO-LINE-A"), QStringLiteral("00710000"), 24},
              std::tuple{QStringLiteral("PO-LINE-B"), QStringLiteral("00720000"), 12},
              std::tuple{QStringLiteral("PO-LINE-C"), QStringLiteral("00730000"), 400}}) {
            test::OrderSpec spec;
            spec.id = id;
            spec.first = first;
            spec.quantity = quantity;
            station_.addStartedOrder(spec);
        }
    }

    /// Until the run holds its first slot's lock (it names its holder there).
    bool waitForSlotLock(const QString& socket) {
        const QString path =
            QDir(station_.directory()).filePath(QStringLiteral("locks/%1.lock").arg(socket));
        for (int i = 0; i < 600; ++i) {
            if (QFile(path).size() > 0)
                return true;
            QTest::qWait(50);
        }
        return false;
    }

    void aSecondCommandNeverStopsTheLine() {
        Background lineA(station_, runArgs(QStringLiteral("PO-LINE-A"), 1), 100);
        QVERIFY(waitForSlotLock(QStringLiteral("sim-socket-1")));

        // The same sockets belong to the first run: refused, naming the slot and holder.
        const auto taken = station_.kps(QStringLiteral("operator"),
                                        runArgs(QStringLiteral("PO-LINE-B"), 1).mid(1));
        QCOMPARE(taken.exitCode, 3);
        QVERIFY2(taken.err.contains("sim-socket-1") && taken.err.contains("PO-LINE-A"),
                 taken.err.constData());

        // Other sockets: a second order's run beside it, while others log in and read.
        Background lineB(station_, runArgs(QStringLiteral("PO-LINE-B"), 3), 20);
        int readers = 0;
        while (lineA.running() || lineB.running()) {
            const auto shown = station_.kps(
                QStringLiteral("auditor"),
                {QStringLiteral("order"), QStringLiteral("show"), QStringLiteral("PO-LINE-A")});
            QVERIFY2(shown.exitCode == 0, shown.err.constData());
            const auto verified = station_.kps(QStringLiteral("auditor"),
                                               {QStringLiteral("audit"), QStringLiteral("verify")});
            QVERIFY2(verified.exitCode == 0, verified.err.constData());
            const auto loggedIn = station_.kps( // another user's login, another order
                QStringLiteral("operator"),
                {QStringLiteral("order"), QStringLiteral("show"), QStringLiteral("PO-LINE-B")});
            QVERIFY2(loggedIn.exitCode == 0, loggedIn.err.constData());
            ++readers;
        }
        const auto ranA = lineA.wait();
        const auto ranB = lineB.wait();
        QVERIFY2(ranA.exitCode == 0, ranA.out.constData());
        QVERIFY2(ranB.exitCode == 0, ranB.out.constData());
        QVERIFY(readers > 0);
        for (const auto& [order, quantity] : {std::pair{QStringLiteral("PO-LINE-A"), 24},
                                              std::pair{QStringLiteral("PO-LINE-B"), 12}}) {
            const auto facts = test::readStoreFacts(station_.database(), order);
            QCOMPARE(facts.verified, quantity);
            QCOMPARE(facts.failed, 0); // nothing scrapped: no store reason, no 'hsm'
        }
    }

    void ctrlCIsCancelledNotSuccess() {
        Background lineC(station_, runArgs(QStringLiteral("PO-LINE-C"), 1), 40);
        QVERIFY(waitForSlotLock(QStringLiteral("sim-socket-1")));
        QTest::qWait(300);
        lineC.interrupt();
        const auto ran = lineC.wait();
        QCOMPARE(ran.exitCode, 5);
        const QJsonObject result = jsonOf(ran.out);
        QCOMPARE(result[QStringLiteral("ok")].toBool(true), false);
        QVERIFY(result[QStringLiteral("cancelled")].toBool());
        QVERIFY(result[QStringLiteral("verified")].toInt() < 400);
        QCOMPARE(test::readStoreFacts(station_.database(), QStringLiteral("PO-LINE-C")).failed, 0);
    }

    /// The profile is pinned at `order add`: a later edit of the file changes nothing for
    /// the order, and the audit row names the pinned bytes' SHA-256.
    void theProfileIsPinnedToTheOrder() {
        const QString profiles = QDir(station_.directory()).filePath(QStringLiteral("profiles"));
        QDir().mkpath(profiles);
        QFile builtin(
            QStringLiteral(KPS_SOURCE_DIR "/provisioning/profiles/amr-reference-v1.json"));
        QVERIFY(builtin.open(QIODevice::ReadOnly));
        QByteArray bytes = builtin.readAll();
        bytes.replace("amr-reference-v1", "amr-pinned-v1");
        const QString path = QDir(profiles).filePath(QStringLiteral("amr-pinned-v1.json"));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(bytes);
        }
        test::OrderSpec spec;
        spec.id = QStringLiteral("PO-PINNED");
        spec.first = QStringLiteral("00740000");
        spec.quantity = 4;
        spec.profile = QStringLiteral("amr-pinned-v1");
        station_.addStartedOrder(spec);
        { // the file now says something else (it no longer even parses)
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write("{ \"format\": \"kps-profile/1\", \"keys\": [");
        }
        const auto ran = station_.kps(QStringLiteral("operator"),
                                      runArgs(QStringLiteral("PO-PINNED"), 1).mid(1));
        QVERIFY2(ran.exitCode == 0, ran.err.constData());
        QCOMPARE(test::readStoreFacts(station_.database(), QStringLiteral("PO-PINNED")).verified,
                 4);
        const QString sha256 = QString::fromLatin1(
            QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
        QCOMPARE(auditDetail(QStringLiteral("order.add"),
                             QStringLiteral("PO-PINNED"))[QStringLiteral("profileSha256")]
                     .toString(),
                 sha256);
    }

private:
    QJsonObject auditDetail(const QString& event, const QString& subject) {
        QJsonObject detail;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), event);
            db.setDatabaseName(station_.database());
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
            if (!db.open())
                return {};
            QSqlQuery query(db);
            query.prepare(
                QStringLiteral("SELECT detail FROM audit WHERE event = ? AND subject = ?"));
            query.addBindValue(event);
            query.addBindValue(subject);
            if (query.exec() && query.next())
                detail = QJsonDocument::fromJson(query.value(0).toString().toUtf8()).object();
        }
        QSqlDatabase::removeDatabase(event);
        return detail;
    }

    test::CliStation station_;
};

QTEST_GUILESS_MAIN(TstConcurrentUse)
#include "tst_concurrent_use.moc"
