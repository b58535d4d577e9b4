// Several stations, one registry: 4 `kps run` processes (4 simulated slots each) on one
// PostgreSQL database and one SoftHSM2 token provision one 1,000-endpoint order. One
// station is killed with SIGKILL mid-batch; the others finish what the order allows;
// the killed one is restarted and finishes its own rows. Then: no duplicate address,
// exactly 1,000 verified, every endpoint holds the keys the customer listing gives,
// every station's audit chain verifies, and the report covers all 4 stations. Last,
// the database itself refuses a 1,001st endpoint and a duplicate address written past
// the application, and two stations raising alarms at once get numbers of their own.
// The GUI's audit check (the auditor's view) checks the registry as kps audit verify does.
// Needs a PostgreSQL server (scripts/test.sh starts one); skipped without it.
#include "command_runner.hpp"
#include "kps/app/commands/station_commands.hpp"
#include "kps/provisioning/alarms.hpp"
#include "registry_line.hpp"

#include <QJsonArray>
#include <QJsonDocument>
#include <atomic>
#include <functional>
#include <mutex>
#include <thread>

using namespace kps;

namespace {

constexpr int kStations = 4;
constexpr int kSlots = 4;
constexpr int kKilled = 2;
const QString kOrder = QStringLiteral("PO-REGISTRY");

int setting(const char* name, int fallback) {
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok && value > 0 ? value : fallback;
}

QJsonObject jsonOf(const QByteArray& out) {
    return QJsonDocument::fromJson(out).object();
}

} // namespace

class TstRegistry : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        server_ = test::PgServer::fromEnvironment();
        if (!server_)
            QSKIP(test::kNoServer);
        quantity_ = setting("KPS_REGISTRY_QUANTITY", 1000);
        database_ = std::make_unique<test::ScratchDatabase>(*server_, QStringLiteral("registry"));
        line_ = std::make_unique<test::RegistryLine>(*server_, database_->name(), kStations);
        test::OrderSpec spec;
        spec.id = kOrder;
        spec.quantity = quantity_;
        line_->addStartedOrder(spec);
        test::OrderSpec second; // another order, for the duplicate address test
        second.id = QStringLiteral("PO-SECOND");
        second.first = QStringLiteral("00500000");
        line_->addStartedOrder(second);
        db_ = std::make_unique<test::PgConnection>(*server_, database_->name());
    }

    void cleanupTestCase() {
        db_.reset();
        line_.reset();
        database_.reset();
    }

    void fourStationsOneOrderOneKilled() {
        std::vector<std::unique_ptr<QProcess>> runs;
        for (int n = 1; n <= kStations; ++n)
            runs.push_back(line_->startRun(n, kOrder, kSlots));
        QVERIFY2(killMidBatch(*runs[kKilled - 1]), "station 2 ended before it could be killed");
        for (int n = 1; n <= kStations; ++n) {
            if (n == kKilled)
                continue;
            QVERIFY(runs[n - 1]->waitForFinished(180000));
            QVERIFY2(runs[n - 1]->exitCode() == 0, runs[n - 1]->readAllStandardError().constData());
        }
        const qint64 leftByKill = unfinished(QStringLiteral("station-2"));
        qInfo("after the others finished: %lld verified, %lld rows of the killed station "
              "unfinished, %lld of the others",
              verified(), leftByKill, unfinishedOfOthers());
        QCOMPARE(unfinishedOfOthers(), 0);
        QCOMPARE(verified() + leftByKill, qint64(quantity_)); // the others did all they could

        const auto resumed = line_->kps(kKilled, QStringLiteral("operator"),
                                        {QStringLiteral("--json"), QStringLiteral("run"), kOrder,
                                         QStringLiteral("--sim"), QStringLiteral("--slots"),
                                         QString::number(kSlots)});
        QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
        qInfo("killed station restarted: %s", resumed.out.trimmed().constData());
        QCOMPARE(unfinished(QStringLiteral("station-2")), 0);
    }

    void oneThousandVerifiedNoDuplicate() {
        QCOMPARE(verified(), qint64(quantity_));
        QCOMPARE(db_->scalar(QStringLiteral("SELECT verified FROM orders WHERE id = ?"), {kOrder}),
                 qint64(quantity_));
        QCOMPARE(db_->scalar(QStringLiteral("SELECT COUNT(*) FROM (SELECT address FROM endpoints"
                                            " GROUP BY address HAVING COUNT(*) > 1) d")),
                 0);
        QCOMPARE(db_->scalar(QStringLiteral("SELECT COUNT(*) FROM (SELECT unique_id FROM endpoints"
                                            " WHERE state = 'verified' GROUP BY unique_id"
                                            " HAVING COUNT(*) > 1) d")),
                 0);
        for (int n = 1; n <= kStations; ++n) {
            const qint64 share = db_->scalar(
                QStringLiteral("SELECT COUNT(*) FROM endpoints WHERE station = ? AND state = "
                               "'verified'"),
                {test::RegistryLine::stationName(n)});
            qInfo("%s verified %lld", qPrintable(test::RegistryLine::stationName(n)), share);
            QVERIFY(share > 0);
        }
    }

    void listingMatchesEveryEndpoint() {
        const auto running =
            line_->kps(1, QStringLiteral("supervisor"), {QStringLiteral("close"), kOrder});
        QCOMPARE(running.exitCode, 3); // other stations might still start endpoints
        QVERIFY2(running.err.contains("hold it first"), running.err.constData());
        QCOMPARE(line_
                     ->kps(1, QStringLiteral("supervisor"),
                           {QStringLiteral("order"), QStringLiteral("hold"), kOrder})
                     .exitCode,
                 0);
        const auto closed =
            line_->kps(1, QStringLiteral("supervisor"), {QStringLiteral("close"), kOrder});
        QVERIFY2(closed.exitCode == 0, closed.err.constData());
        const auto archive = test::readArchive(line_->mergedArchive(kStations));
        QCOMPARE(archive.unreadable, 0);
        QCOMPARE(archive.duplicateAddresses, 0);
        QCOMPARE(archive.duplicateDataKeys, 0);
        QCOMPARE(int(archive.addresses.size()), quantity_);
        const auto listing =
            test::checkListing(line_->listingRequest(kOrder), line_->mergedArchive(kStations));
        QVERIFY2(listing.opened, qPrintable(listing.error));
        QCOMPARE(listing.addresses, archive.addresses);
        QCOMPARE(listing.matched, quantity_);
        QCOMPARE(listing.differ, 0);
    }

    void everyChainVerifies() {
        const auto audit = line_->kps(
            3, QStringLiteral("auditor"),
            {QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(audit.exitCode == 0, audit.out.constData());
        QStringList stations;
        for (const QJsonValue chain : jsonOf(audit.out).value(QStringLiteral("chains")).toArray())
            stations << chain.toObject().value(QStringLiteral("station")).toString();
        for (int n = 1; n <= kStations; ++n)
            QVERIFY(stations.contains(test::RegistryLine::stationName(n)));
        // A row moved from one station's chain to another breaks both; moved back, both
        // verify again.
        const qint64 moved =
            db_->scalar(QStringLiteral("SELECT MAX(seq) FROM audit WHERE station = 'station-3'"
                                       " AND event = 'endpoint.verified'"));
        const auto moveTo = [&](const char* station) {
            return db_->exec(QStringLiteral("UPDATE audit SET station = ? WHERE seq = ?"),
                             {QString::fromLatin1(station), moved});
        };
        QVERIFY(moveTo("station-1").isEmpty());
        const auto broken = line_->kps(3, QStringLiteral("auditor"),
                                       {QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(broken.exitCode, 2);
        QVERIFY2(broken.err.contains("broken"), broken.err.constData());
        QVERIFY(moveTo("station-3").isEmpty());
        QCOMPARE(line_
                     ->kps(3, QStringLiteral("auditor"),
                           {QStringLiteral("audit"), QStringLiteral("verify")})
                     .exitCode,
                 0);
    }

    /// The auditor's view runs the operation `kps audit verify` runs: on a shared registry
    /// each station's own chain is checked, and a healthy registry is intact.
    void guiAuditCheckOfTheRegistryIsIntact() {
        auto station = line_->open(3);
        app::StationHost host(*station);
        app::VerifyAuditCommand verify(host, line_->login(*station, QStringLiteral("auditor")));
        const auto report = test::runToEnd(verify);
        QVERIFY2(report.succeeded(), qPrintable(report.overview + u'\n' + report.details));
        QVERIFY(report.overview.contains(QLatin1String("intact")));
        const provisioning::AuditVerification& checked = *verify.verification();
        QVERIFY(checked.sharedRegistry);
        QVERIFY(checked.intact());
        QStringList stations;
        for (const provisioning::ChainVerification& chain : checked.chains)
            stations << chain.station;
        for (int n = 1; n <= kStations; ++n)
            QVERIFY(stations.contains(test::RegistryLine::stationName(n)));
    }

    void reportCoversAllStations() {
        QFile file(QDir(line_->stationDirectory(1))
                       .filePath(QStringLiteral("exports/%1/%1-report.json").arg(kOrder)));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject report = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(report[QStringLiteral("counts")][QStringLiteral("verified")].toInt(), quantity_);
        int sum = 0;
        QStringList names;
        for (const QJsonValue share : report[QStringLiteral("stations")].toArray()) {
            sum += share[QStringLiteral("verified")].toInt();
            names << share[QStringLiteral("name")].toString();
        }
        QCOMPARE(sum, quantity_);
        for (int n = 1; n <= kStations; ++n)
            QVERIFY(names.contains(test::RegistryLine::stationName(n)));
    }

    /// SoftHSM2's file store under 4 processes at once: each station adds an order
    /// (token objects created), runs it (session objects, logins) and closes it (token
    /// objects destroyed, the destruction checked by a search), all at the same time.
    void tokenObjectsFromFourStationsAtOnce() {
        QStringList orders;
        for (int n = 1; n <= kStations; ++n) {
            test::OrderSpec spec;
            spec.id = QStringLiteral("PO-TOKEN-%1").arg(n);
            spec.quantity = 5;
            spec.first = QStringLiteral("%1").arg(600000 + 1000 * n, 8, 10, QLatin1Char('0'));
            orders << line_->writeOrder(spec);
        }
        const auto all = [&](const QString& user, const std::function<QStringList(int)>& args) {
            std::vector<std::unique_ptr<QProcess>> processes;
            for (int n = 1; n <= kStations; ++n) {
                processes.push_back(std::make_unique<QProcess>());
                processes.back()->setProcessEnvironment(line_->as(user));
                processes.back()->start(test::cliPath(), line_->command(n, args(n)));
            }
            for (auto& process : processes) {
                QVERIFY(process->waitForFinished(120000));
                QVERIFY2(process->exitCode() == 0, process->readAllStandardError().constData());
            }
        };
        const auto id = [](int n) {
            return QStringLiteral("PO-TOKEN-%1").arg(n);
        };
        all(QStringLiteral("supervisor"), [&](int n) {
            return QStringList{QStringLiteral("order"), QStringLiteral("add"), orders[n - 1]};
        });
        all(QStringLiteral("supervisor"), [&](int n) {
            return QStringList{QStringLiteral("order"), QStringLiteral("start"), id(n)};
        });
        all(QStringLiteral("operator"), [&](int n) {
            return QStringList{QStringLiteral("run"), id(n), QStringLiteral("--sim"),
                               QStringLiteral("--slots"), QStringLiteral("2")};
        });
        all(QStringLiteral("supervisor"), [&](int n) {
            return QStringList{QStringLiteral("order"), QStringLiteral("hold"), id(n)};
        });
        all(QStringLiteral("supervisor"), [&](int n) {
            return QStringList{QStringLiteral("close"), id(n)};
        });
        for (int n = 1; n <= kStations; ++n)
            QCOMPARE(db_->scalar(QStringLiteral("SELECT verified FROM orders WHERE id = ?"
                                                " AND state = 'closed'"),
                                 {id(n)}),
                     5);
    }

    /// Written past the application: the database itself refuses.
    void databaseRefusesWhatTheApplicationMustNot() {
        const QString beyond = db_->exec(
            QStringLiteral("INSERT INTO endpoints (order_id, address, idx, purpose, state, slot,"
                           " attempts, reserved_at, station) VALUES (?, 'KLK-99999999-01-07',"
                           " 99999, 'new', 'verified', 1, 1, '2026-01-01T00:00:00Z', 'rogue')"),
            {kOrder});
        qInfo("a 1,001st verified endpoint: %s", qPrintable(beyond));
        QVERIFY(beyond.contains(QStringLiteral("allows")));
        const QString duplicate = db_->exec(
            QStringLiteral("INSERT INTO endpoints (order_id, address, idx, purpose, state, slot,"
                           " attempts, reserved_at, station) SELECT 'PO-SECOND', address, idx,"
                           " 'new', 'reserved', 1, 0, reserved_at, 'rogue' FROM endpoints"
                           " WHERE order_id = ? LIMIT 1"),
            {kOrder});
        qInfo("an address issued twice: %s", qPrintable(duplicate));
        QVERIFY(duplicate.contains(QStringLiteral("endpoints_new_address_once")));
        QCOMPARE(verified(), qint64(quantity_));
    }

    /// Two stations raise alarms at the same instants: every alarm gets a number of its
    /// own (none refused by the primary key) and its audit row.
    void alarmsFromTwoStationsAtOnce() {
        constexpr int kEach = 25;
        const qint64 alarmsBefore = db_->scalar(QStringLiteral("SELECT COUNT(*) FROM alarms"), {});
        std::atomic<int> failures{0};
        QStringList errors;
        std::mutex errorsLock;
        auto raiseFrom = [&](const QString& station) {
            auto location = server_->location(database_->name());
            location.station = station;
            auto store = provisioning::Store::open(location, QStringLiteral("alarms-") + station);
            if (!store) {
                ++failures;
                return;
            }
            for (int i = 0; i < kEach; ++i) {
                provisioning::AlarmNotice notice;
                notice.kind = provisioning::AlarmKind::Jig;
                notice.slot = 1 + i % 4;
                notice.message = QStringLiteral("probe lost on %1").arg(station);
                if (auto raised = provisioning::raiseAlarm(*store, QStringLiteral("line"), notice);
                    !raised) {
                    ++failures;
                    std::lock_guard lock(errorsLock);
                    errors << raised.error().message();
                }
            }
        };
        std::thread first(raiseFrom, QStringLiteral("alarm-station-a"));
        std::thread second(raiseFrom, QStringLiteral("alarm-station-b"));
        first.join();
        second.join();
        if (!errors.isEmpty())
            qInfo("first refusal: %s", qPrintable(errors.first()));
        QCOMPARE(failures.load(), 0);
        QCOMPARE(db_->scalar(QStringLiteral("SELECT COUNT(*) FROM alarms"), {}),
                 alarmsBefore + 2 * kEach);
        QCOMPARE(db_->scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE event ="
                                            " 'alarm.raised' AND station LIKE 'alarm-station-%'"),
                             {}),
                 qint64(2 * kEach));
    }

private:
    /// Kills station 2 once it has done some work and the batch is a quarter through.
    bool killMidBatch(QProcess& process) {
        const qint64 threshold = quantity_ / 4;
        while (process.state() == QProcess::Running &&
               (verified() < threshold || verifiedBy(QStringLiteral("station-2")) < 10))
            process.waitForFinished(5);
        if (process.state() != QProcess::Running)
            return false;
        process.kill(); // SIGKILL
        process.waitForFinished(10000);
        qInfo("station 2 killed at %lld verified (%lld of its own)", verified(),
              verifiedBy(QStringLiteral("station-2")));
        return true;
    }

    qint64 verified() {
        return db_->scalar(
            QStringLiteral("SELECT COUNT(*) FROM endpoints WHERE order_id = ? AND state = "
                           "'verified'"),
            {kOrder});
    }
    qint64 verifiedBy(const QString& station) {
        return db_->scalar(QStringLiteral("SELECT COUNT(*) FROM endpoints WHERE order_id = ?"
                                          " AND station = ? AND state = 'verified'"),
                           {kOrder, station});
    }
    qint64 unfinished(const QString& station) {
        return db_->scalar(QStringLiteral("SELECT COUNT(*) FROM endpoints WHERE order_id = ? AND"
                                          " station = ? AND state IN ('reserved', 'injecting')"),
                           {kOrder, station});
    }
    qint64 unfinishedOfOthers() {
        return db_->scalar(QStringLiteral("SELECT COUNT(*) FROM endpoints WHERE order_id = ? AND"
                                          " station <> 'station-2'"
                                          " AND state IN ('reserved', 'injecting')"),
                           {kOrder});
    }

    std::optional<test::PgServer> server_;
    int quantity_ = 1000;
    std::unique_ptr<test::ScratchDatabase> database_;
    std::unique_ptr<test::RegistryLine> line_;
    std::unique_ptr<test::PgConnection> db_;
};

QTEST_GUILESS_MAIN(TstRegistry)
#include "tst_registry.moc"
