// No key value or password of a demo batch is anywhere but in the endpoints: not
// in the database (and its WAL), the reports, the exports, the configuration or
// the command's output. Positive control: the same search finds them in the
// endpoints' own key stores.
//
// The customer's side too (hardening): masters and a key list the test itself sealed
// (so every key is known), imported, run (with a deliberate crash that leaves the
// WAL behind, saved and searched), closed and destroyed; then every station file
// (token directory included), the saved WAL and every command's output are searched
// for every master, listed key, endpoint key, password and PIN: 0 hits. And no core
// file can be made of a kps process killed by a signal.
#include "cli_station.hpp"
#include "customer_files.hpp"
#include "kps/provisioning/line_archive.hpp"
#include "order_ids.hpp"

#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QThread>
#include <csignal>

using namespace kps;

namespace {

struct Haystack {
    QString name;
    QByteArray bytes;
};

QList<QByteArray> needlesOf(const QByteArray& raw, bool isPassword) {
    if (isPassword)
        return {raw};
    return {raw, raw.toHex(), raw.toHex().toUpper(), raw.toBase64()};
}

QList<QByteArray> needlesOf(const secure::SecretBytes& secret, bool isPassword) {
    return needlesOf(
        QByteArray(reinterpret_cast<const char*>(secret.data()), qsizetype(secret.size())),
        isPassword);
}

/// Every file under `root` but those under the excluded folders, as haystacks.
QList<Haystack> filesUnder(const QString& root, const QStringList& excluded) {
    QList<Haystack> haystacks;
    QDirIterator files(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        const QString path = files.next();
        if (std::any_of(excluded.begin(), excluded.end(),
                        [&](const QString& folder) { return path.contains(folder); }))
            continue;
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
            haystacks.append({path, file.readAll()});
    }
    return haystacks;
}

/// The number of (needle, haystack) pairs where the needle is found.
int hits(const QList<std::pair<QString, QByteArray>>& needles, const QList<Haystack>& haystacks) {
    int found = 0;
    for (const auto& [what, needle] : needles)
        for (const Haystack& haystack : haystacks)
            if (haystack.bytes.contains(needle)) {
                qWarning("%s found in %s", qPrintable(what), qPrintable(haystack.name));
                ++found;
            }
    return found;
}

} // namespace

class TstNoKeyLeak : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void noSecretOutsideTheEndpoints() {
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("demo"));
        auto demo = test::runKps({QStringLiteral("demo"), QStringLiteral("--out"), out,
                                  QStringLiteral("--count"), QStringLiteral("30")});
        QVERIFY2(demo.exitCode == 0, demo.err.constData());
        const auto line = provisioning::readLineArchive(out + QStringLiteral("/line"));
        QCOMPARE(line.size(), std::size_t(30));

        QList<Haystack> haystacks{{QStringLiteral("stdout"), demo.out},
                                  {QStringLiteral("stderr"), demo.err}};
        QDirIterator files(out, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            const QString path = files.next();
            if (path.contains(QLatin1String("/line/")) ||
                path.contains(QLatin1String("/hsm/tokens/")))
                continue; // the endpoints themselves, and the HSM's own store
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            haystacks.append({path, file.readAll()});
        }
        QVERIFY(haystacks.size() > 10);
        QVERIFY(std::any_of(haystacks.begin(), haystacks.end(), [](const Haystack& h) {
            return h.name.endsWith(QLatin1String("kps.sqlite"));
        }));

        QByteArray controlPage;
        QDirIterator pages(out + QStringLiteral("/line"), QDir::Files);
        while (pages.hasNext()) {
            QFile page(pages.next());
            page.open(QIODevice::ReadOnly);
            controlPage += page.readAll();
        }
        int needles = 0;
        for (const auto& [address, endpoint] : line) {
            QList<std::pair<const secure::SecretBytes*, bool>> secrets{{&endpoint.password, true}};
            for (const auto& [id, key] : endpoint.keys)
                secrets.append({&key, false});
            for (const auto& [secret, isPassword] : secrets)
                for (const QByteArray& needle : needlesOf(*secret, isPassword)) {
                    ++needles;
                    if (std::size_t(needle.size()) == secret->size())
                        QVERIFY2(controlPage.contains(needle), "positive control failed");
                    for (const Haystack& haystack : haystacks)
                        QVERIFY2(!haystack.bytes.contains(needle),
                                 qPrintable(QStringLiteral("a secret of %1 found in %2")
                                                .arg(address, haystack.name)));
                }
        }
        qInfo("searched %lld files and outputs for %d needles: 0 hits", qlonglong(haystacks.size()),
              needles);
    }
    void customerKeysAndPinsNowhere() {
        test::CliStation cli;
        auto& fixture = cli.fixture;
        const auto supervisor = fixture.login(QStringLiteral("supervisor"));
        test::OrderSpec masters{QStringLiteral("PO-LEAK-MAS"), QStringLiteral("customer-masters"),
                                8, QStringLiteral("00900000")};
        test::OrderSpec list{QStringLiteral("PO-LEAK-LST"), QStringLiteral("customer-list"), 4};
        QStringList addresses;
        for (int i = 0; i < 4; ++i) {
            list.list << QStringLiteral("0091000%1").arg(i);
            addresses << QStringLiteral("KLK-0091000%1-01-07").arg(i);
        }
        for (const auto& spec : {masters, list}) {
            QVERIFY(fixture.station->orders().add(supervisor, fixture.writeOrder(spec)));
            QVERIFY(fixture.station->orders().changeState(supervisor, test::orderId(spec.id),
                                                          provisioning::OrderState::Running));
        }
        const test::CustomerSide side{fixture.path(QStringLiteral("customer/customer.key")),
                                      fixture.path(QStringLiteral("customer/customer.crt")),
                                      fixture.station->paths().publicCertificates() +
                                          QStringLiteral("/station-import.crt")};
        const QString sealed = fixture.path(QStringLiteral("sealed"));
        const QString mastersFile =
            test::sealMasters(side, masters.id, sealed + QStringLiteral("/m"));
        const QString listFile =
            test::sealKeyList(side, list.id, sealed + QStringLiteral("/l"), addresses);
        fixture.station.reset();

        QList<Haystack> haystacks;
        auto step = [&](const QString& user, const QString& second, const QStringList& arguments,
                        const QProcessEnvironment& extra = {}) {
            QProcessEnvironment environment = cli.as(user, second);
            environment.insert(extra);
            auto result = test::runKps(cli.command(arguments), environment);
            haystacks.append({arguments.join(u' ') + QStringLiteral(" (stdout)"), result.out});
            haystacks.append({arguments.join(u' ') + QStringLiteral(" (stderr)"), result.err});
            return result;
        };
        const QString c1 = QStringLiteral("custodian1"), c2 = QStringLiteral("custodian2");
        QCOMPARE(step(c1, c2, {QStringLiteral("masters"), QStringLiteral("import"), mastersFile})
                     .exitCode,
                 0);
        QCOMPARE(
            step(c1, c2, {QStringLiteral("keylist"), QStringLiteral("import"), listFile}).exitCode,
            0);
        QProcessEnvironment crash;
        crash.insert(QStringLiteral("KPS_SIM_CRASH_AT"), QStringLiteral("after-write:3"));
        QVERIFY(step(QStringLiteral("operator"), {},
                     {QStringLiteral("run"), masters.id, QStringLiteral("--sim")}, crash)
                    .exitCode != 0);
        QFile wal(cli.database() + QStringLiteral("-wal"));
        QVERIFY2(wal.open(QIODevice::ReadOnly), "the crash left no WAL to search");
        haystacks.append({QStringLiteral("WAL left by a crash"), wal.readAll()});
        for (const QString& order : {masters.id, list.id})
            QCOMPARE(step(QStringLiteral("operator"), {},
                          {QStringLiteral("run"), order, QStringLiteral("--sim")})
                         .exitCode,
                     0);
        for (const QString& order : {masters.id, list.id}) { // the custodians first
            QCOMPARE(step(c1, c2, {QStringLiteral("destroy"), order}).exitCode, 0);
            QCOMPARE(
                step(QStringLiteral("supervisor"), {}, {QStringLiteral("close"), order}).exitCode,
                0);
        }
        haystacks +=
            filesUnder(cli.directory(), {QStringLiteral("/secrets/"), QStringLiteral("/sim/")});
        QVERIFY(std::any_of(haystacks.begin(), haystacks.end(), [](const Haystack& h) {
            return h.name.contains(QLatin1String("/hsm/tokens/"));
        }));

        QList<std::pair<QString, QByteArray>> needles;
        auto add = [&](const QString& what, const QByteArray& raw, bool password) {
            for (const QByteArray& needle : needlesOf(raw, password))
                needles.append({what, needle});
        };
        QDirIterator plain(sealed, {QStringLiteral("*.bin"), QStringLiteral("password.txt")},
                           QDir::Files, QDirIterator::Subdirectories);
        while (plain.hasNext()) { // the customer's own copies of masters and listed keys
            const QString path = plain.next();
            if (!path.endsWith(QLatin1String("password.bin")))
                add(path, test::readBytes(path), path.endsWith(QLatin1String(".txt")));
        }
        QDirIterator pins(QDir(cli.directory()).filePath(QStringLiteral("secrets")), QDir::Files);
        while (pins.hasNext()) {
            const QString path = pins.next();
            add(path, test::readBytes(path).trimmed(), true);
        }
        const auto line = provisioning::readLineArchive(cli.archive());
        QCOMPARE(line.size(), std::size_t(12));
        const QList<Haystack> endpoints = filesUnder(cli.archive(), {});
        for (const auto& [address, endpoint] : line) {
            for (const auto& [id, key] : endpoint.keys) {
                const QByteArray raw(reinterpret_cast<const char*>(key.data()),
                                     qsizetype(key.size()));
                QVERIFY2(hits({{address, raw}}, endpoints) > 0, "positive control failed");
                add(address, raw, false);
            }
            add(address,
                QByteArray(reinterpret_cast<const char*>(endpoint.password.data()),
                           qsizetype(endpoint.password.size())),
                true);
        }
        QVERIFY(needles.size() > 200);
        QCOMPARE(hits(needles, haystacks), 0);
        qInfo("leakage: %lld needles (masters, listed keys, endpoint keys, passwords, PINs) in "
              "%lld haystacks (station files with the token, the WAL of a crash, command "
              "output): 0 hits",
              qlonglong(needles.size()), qlonglong(haystacks.size()));
    }

    void noCoreFileOfAKilledProcess() {
        QTemporaryDir dir;
        auto killedLeavesCore = [&](const QString& command) {
            QProcess process;
            process.setWorkingDirectory(dir.path());
            process.start(
                QStringLiteral("bash"),
                {QStringLiteral("-c"), QStringLiteral("ulimit -c unlimited; exec ") + command});
            process.waitForStarted();
            QThread::msleep(300); // past bash's exec
            const QString marker = dir.filePath(QStringLiteral("demo/station/kps.sqlite"));
            for (int i = 0;
                 i < 600 && !QFile::exists(marker) && !command.startsWith(QLatin1String("sleep"));
                 ++i)
                QThread::msleep(50); // kps is past main()'s start: its keys are being made
            ::kill(pid_t(process.processId()), SIGSEGV);
            process.waitForFinished(60000);
            QDirIterator cores(dir.path(), {QStringLiteral("core*")}, QDir::Files,
                               QDirIterator::Subdirectories);
            bool found = false;
            while (cores.hasNext()) {
                QFile::remove(cores.next());
                found = true;
            }
            return found;
        };
        if (!killedLeavesCore(QStringLiteral("sleep 30")))
            QSKIP("this machine writes no core files (core_pattern or limits): nothing to show");
        QVERIFY(!killedLeavesCore(test::cliPath() + QStringLiteral(" demo --out ") +
                                  dir.filePath(QStringLiteral("demo")) +
                                  QStringLiteral(" --count 2000")));
        qInfo("a kps process killed by SIGSEGV leaves no core file (a plain process does)");
    }
};

QTEST_GUILESS_MAIN(TstNoKeyLeak)
#include "tst_no_key_leak.moc"
