// The PIN lockout against parallel and blocked logins, through the command line: every
// attempt is counted and audited before its PIN's hash is checked, in one write
// transaction; 20 parallel wrong-PIN logins get at most kMaxFailedLogins hash checks
// and leave the user disabled; a login waits for another process's write lock and is
// counted, or is refused (the store cannot record it) - never passes uncounted.
#include "cli_station.hpp"
#include "kps/provisioning/records.hpp"
#include "kps/secure/pin.hpp"

#include <QSqlDatabase>
#include <QSqlQuery>

using namespace kps;

namespace {

/// One statement's first column on a connection of the test's own.
qint64 scalar(const QString& database, const QString& statement, const QVariantList& values) {
    qint64 value = -1;
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("race"));
        db.setDatabaseName(database);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (db.open()) {
            QSqlQuery query(db);
            query.prepare(statement);
            for (const QVariant& bound : values)
                query.addBindValue(bound);
            if (query.exec() && query.next())
                value = query.value(0).toLongLong();
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("race"));
    return value;
}

/// Holds the store's write lock (BEGIN IMMEDIATE) until it goes.
class WriteLock {
public:
    explicit WriteLock(const QString& database) {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("holder"));
        db.setDatabaseName(database);
        held_ = db.open() && QSqlQuery(db).exec(QStringLiteral("BEGIN IMMEDIATE"));
    }
    ~WriteLock() {
        {
            auto db = QSqlDatabase::database(QStringLiteral("holder"));
            QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("holder"));
    }
    bool held() const { return held_; }

private:
    bool held_ = false;
};

} // namespace

class TstLoginRace : public QObject {
    Q_OBJECT

    test::CliStation cli_;
    QString wrongPin_;

    qint64 events(const QString& user, const QString& event, const QString& reason = {}) {
        return scalar(cli_.database(),
                      QStringLiteral("SELECT COUNT(*) FROM audit WHERE actor = ? AND event = ?"
                                     " AND detail LIKE ?"),
                      {user, event, QStringLiteral("%") + reason + QStringLiteral("%")});
    }

    QProcessEnvironment withWrongPin(const QString& user) const {
        auto environment = cli_.as(user);
        environment.insert(QStringLiteral("KPS_LOGIN_PIN_FILE"), wrongPin_);
        return environment;
    }

    void start(QProcess& process, const QProcessEnvironment& environment) {
        process.setProcessEnvironment(environment);
        process.start(test::cliPath(),
                      cli_.command({QStringLiteral("user"), QStringLiteral("list")}));
    }

private Q_SLOTS:
    void initTestCase() {
        cli_.fixture.station.reset(); // only kps processes use the station
        wrongPin_ = cli_.fixture.path(QStringLiteral("wrong.pin"));
        QVERIFY(secure::writePinFile(
            wrongPin_.toStdString(),
            secure::SecretBytes::copyOf({reinterpret_cast<const std::uint8_t*>("wrong-999"), 9})));
    }

    void parallelWrongPinsGetAtMostTheLimitOfChecks() {
        constexpr int kParallel = 20;
        QProcess processes[kParallel];
        for (QProcess& process : processes)
            start(process, withWrongPin(QStringLiteral("operator")));
        for (QProcess& process : processes) {
            QVERIFY(process.waitForFinished(120000));
            QCOMPARE(process.exitCode(), 3);
        }
        const QString user = QStringLiteral("operator");
        // Counted before the hash check: exactly the limit were checked, the rest refused
        // unchecked; every attempt has its row.
        QCOMPARE(events(user, QStringLiteral("login.attempt")),
                 qint64(provisioning::kMaxFailedLogins));
        QCOMPARE(events(user, QStringLiteral("login.failed"), QStringLiteral("wrong PIN")),
                 qint64(provisioning::kMaxFailedLogins));
        QCOMPARE(events(user, QStringLiteral("login.failed"), QStringLiteral("disabled")),
                 qint64(kParallel - provisioning::kMaxFailedLogins));
        QCOMPARE(scalar(cli_.database(),
                        QStringLiteral("SELECT disabled FROM users WHERE name = ?"), {user}),
                 qint64(1));
        QCOMPARE(cli_.kps(user, {QStringLiteral("order"), QStringLiteral("show"),
                                 QStringLiteral("PO-NONE-0001")})
                     .exitCode,
                 3); // the right PIN too, until an administrator enables the user
    }

    void aLoginWaitsForTheWriteLockAndIsCounted() {
        const QString user = QStringLiteral("auditor");
        QProcess process;
        {
            WriteLock lock(cli_.database());
            QVERIFY(lock.held());
            start(process, withWrongPin(user));
            QVERIFY(process.waitForStarted());
            QTest::qWait(300); // the login reaches the lock (or not yet): either way it waits
        }
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 3);
        QCOMPARE(events(user, QStringLiteral("login.attempt")), qint64(1));
        QCOMPARE(scalar(cli_.database(),
                        QStringLiteral("SELECT failed_logins FROM users WHERE name = ?"), {user}),
                 qint64(1));
    }

    void aLoginTheStoreCannotRecordIsRefused() {
        const QString user = QStringLiteral("supervisor");
        const qint64 logins = events(user, QStringLiteral("login"));
        test::ProcessResult result;
        {
            WriteLock lock(cli_.database());
            QVERIFY(lock.held());
            result = cli_.kps(user, {QStringLiteral("user"), QStringLiteral("list")}); // right PIN
        }
        QCOMPARE(result.exitCode, 4); // the store's busy timeout ran out: refused unchecked
        QCOMPARE(events(user, QStringLiteral("login")), logins);
        QCOMPARE(events(user, QStringLiteral("login.attempt")), qint64(0));
    }
};

QTEST_GUILESS_MAIN(TstLoginRace)
#include "tst_login_race.moc"
