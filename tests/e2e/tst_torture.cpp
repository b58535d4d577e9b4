// The torture test: `kps run` is killed with SIGKILL at 200 random instants spread over
// a 1,000-endpoint simulated batch on 4 slots and restarted after each kill; then the
// batch is finished and closed. Nothing may be lost or duplicated: every endpoint is
// verified or failed with a reason, exactly `quantity` are verified, the simulated
// endpoints that were locked are exactly the verified ones and hold exactly the keys
// the customer listing gives, and the audit chain verifies.
// KPS_TORTURE_KILLS, KPS_TORTURE_QUANTITY and KPS_TORTURE_SEED change the defaults.
#include "batch_check.hpp"
#include "cli_station.hpp"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <algorithm>

using namespace kps;

namespace {

int setting(const char* name, int fallback) {
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok && value > 0 ? value : fallback;
}

/// When to kill one run: once the batch has `threshold` verified endpoints, plus a few
/// milliseconds; or, for a tenth of the kills, at a random instant after the start
/// (while the station opens, logs in and recovers).
struct Kill {
    int threshold = 0;
    int delayMs = 0;
    bool atStartup = false;
};

std::vector<Kill> killPlan(int kills, int quantity, QRandomGenerator& random) {
    std::vector<int> thresholds;
    for (int i = 0; i < kills; ++i) // the last 2 % are left for the final run, so that
        thresholds.push_back(int(random.bounded(quantity - quantity / 50))); // every kill hits work
    std::sort(thresholds.begin(), thresholds.end());
    std::vector<Kill> plan;
    for (int threshold : thresholds) {
        Kill kill;
        kill.threshold = threshold;
        kill.atStartup = random.bounded(10) == 0;
        kill.delayMs = int(random.bounded(kill.atStartup ? 400 : 25));
        plan.push_back(kill);
    }
    return plan;
}

class VerifiedCounter {
public:
    VerifiedCounter(const QString& database, const QString& orderId)
        : orderId_(orderId) {
        db_ = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("torture"));
        db_.setDatabaseName(database);
        db_.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=1000"));
        if (!db_.open())
            qFatal("cannot open the store");
    }
    ~VerifiedCounter() {
        db_.close();
        db_ = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("torture"));
    }
    int scalar(const char* sql) {
        QSqlQuery query(db_);
        query.prepare(QString::fromLatin1(sql));
        query.addBindValue(orderId_);
        return query.exec() && query.next() ? query.value(0).toInt() : -1;
    }
    int verified() { return scalar("SELECT verified FROM orders WHERE id = ?"); }
    int unfinished() {
        return scalar("SELECT COUNT(*) FROM endpoints WHERE order_id = ?"
                      " AND state IN ('reserved', 'injecting')");
    }

private:
    QString orderId_;
    QSqlDatabase db_;
};

struct KillFigures {
    int killed = 0;
    int killedAtStartup = 0;
    int finishedBeforeKill = 0;
    int badExits = 0;
    int unfinishedAfterKills = 0; // rows left reserved/injecting, summed over the kills
    int killsLeavingWork = 0;     // kills after which some row was unfinished
    int maxUnfinished = 0;
};

} // namespace

class TstTorture : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void killNineAtRandomInstants() {
        const int kills = setting("KPS_TORTURE_KILLS", 200);
        const int quantity = setting("KPS_TORTURE_QUANTITY", 1000);
        QRandomGenerator random(quint32(setting("KPS_TORTURE_SEED", 20261121)));
        test::OrderSpec spec;
        spec.id = QStringLiteral("PO-TORTURE");
        spec.quantity = quantity;
        station_.addStartedOrder(spec);
        QElapsedTimer clock;
        clock.start();
        const KillFigures figures = killRepeatedly(spec.id, killPlan(kills, quantity, random));
        const qint64 killMs = clock.restart();
        QCOMPARE(figures.badExits, 0);
        finishAndClose(spec.id);
        qInfo("kills: %d (%d while starting up), %d runs ended before their kill; rows left "
              "unfinished by the kills: %d in all, after %d kills, at most %d at once; %.1f s of "
              "kills, %.1f s to finish and close",
              figures.killed, figures.killedAtStartup, figures.finishedBeforeKill,
              figures.unfinishedAfterKills, figures.killsLeavingWork, figures.maxUnfinished,
              double(killMs) / 1000.0, double(clock.elapsed()) / 1000.0);
        QVERIFY(figures.killed >= kills * 9 / 10);
        checkInvariants(spec);
    }

private:
    KillFigures killRepeatedly(const QString& orderId, const std::vector<Kill>& plan) {
        VerifiedCounter counter(station_.database(), orderId);
        KillFigures figures;
        const QStringList run =
            station_.command({QStringLiteral("run"), orderId, QStringLiteral("--sim"),
                              QStringLiteral("--slots"), QStringLiteral("4")});
        for (const Kill& kill : plan) {
            QProcess process;
            process.setProcessEnvironment(station_.as(QStringLiteral("operator")));
            process.start(test::cliPath(), run);
            if (!process.waitForStarted(10000))
                qFatal("cannot start kps");
            if (!kill.atStartup)
                while (counter.verified() < kill.threshold && !process.waitForFinished(2)) {
                }
            const bool ended = process.waitForFinished(kill.delayMs);
            if (!ended) {
                process.kill(); // SIGKILL
                process.waitForFinished(10000);
                ++figures.killed;
                figures.killedAtStartup += kill.atStartup ? 1 : 0;
            } else {
                ++figures.finishedBeforeKill;
                if (process.exitCode() != 0) {
                    ++figures.badExits;
                    qWarning("kps run ended with %d: %s", process.exitCode(),
                             process.readAllStandardError().constData());
                }
            }
            const int unfinished = counter.unfinished();
            figures.unfinishedAfterKills += unfinished;
            figures.killsLeavingWork += unfinished > 0 ? 1 : 0;
            figures.maxUnfinished = std::max(figures.maxUnfinished, unfinished);
        }
        return figures;
    }

    void finishAndClose(const QString& orderId) {
        const auto finished =
            station_.kps(QStringLiteral("operator"),
                         {QStringLiteral("--json"), QStringLiteral("run"), orderId,
                          QStringLiteral("--sim"), QStringLiteral("--slots"), QStringLiteral("4")});
        QVERIFY2(finished.exitCode == 0, finished.err.constData());
        qInfo("final run: %s", finished.out.trimmed().constData());
        const auto closed =
            station_.kps(QStringLiteral("supervisor"), {QStringLiteral("close"), orderId});
        QVERIFY2(closed.exitCode == 0, closed.err.constData());
        const auto audit = station_.kps(
            QStringLiteral("auditor"),
            {QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(audit.exitCode == 0, audit.out.constData());
        qInfo("audit: %s", audit.out.trimmed().constData());
    }

    void checkInvariants(const test::OrderSpec& spec) {
        const auto facts = test::readStoreFacts(station_.database(), spec.id);
        const auto archive = test::readArchive(station_.archive());
        const auto listing =
            test::checkListing(station_.listingRequest(spec.id), station_.archive());
        QStringList reasons;
        for (auto it = facts.reasons.begin(); it != facts.reasons.end(); ++it)
            reasons << QStringLiteral("%1 x%2").arg(it.key()).arg(it.value());
        qInfo("store: %d rows, %d verified (order counter %d), %d failed (%s), %d unfinished, "
              "%d verified events (%d of endpoints recovered after a kill), at most %d attempts "
              "per endpoint; SoftHSM token file put back %d times",
              facts.rows, facts.verified, facts.orderVerified, facts.failed,
              qPrintable(reasons.join(QStringLiteral(", "))), facts.unfinished,
              facts.verifiedEvents, facts.recoveredEvents, facts.maxAttempts, facts.tokenRepairs);
        qInfo("endpoints holding keys (archive): %d, %d unreadable, %d duplicate addresses, %d "
              "duplicate data/DM keys; listing: %d endpoints, %d match, %d differ",
              archive.files, archive.unreadable, archive.duplicateAddresses,
              archive.duplicateDataKeys, int(listing.addresses.size()), listing.matched,
              listing.differ);
        QCOMPARE(facts.unfinished, 0);           // nothing lost in between
        QCOMPARE(facts.failedWithoutReason, 0);  // every failure has its reason
        QCOMPARE(facts.verified, spec.quantity); // exactly the quantity
        QCOMPARE(facts.orderVerified, spec.quantity);
        QCOMPARE(facts.verifiedEvents, spec.quantity); // one audited result each
        QCOMPARE(facts.duplicateAddresses, 0);
        QCOMPARE(facts.duplicateUnits, 0);
        QCOMPARE(archive.unreadable, 0);
        QCOMPARE(archive.duplicateAddresses, 0);
        QCOMPARE(archive.duplicateDataKeys, 0);
        QCOMPARE(archive.addresses, facts.verifiedAddresses); // no endpoint lost or extra
        QVERIFY2(listing.opened, qPrintable(listing.error));
        QCOMPARE(listing.addresses, facts.verifiedAddresses);
        QCOMPARE(listing.matched, spec.quantity);
        QCOMPARE(listing.differ, 0);
    }

    test::CliStation station_;
};

QTEST_GUILESS_MAIN(TstTorture)
#include "tst_torture.moc"
