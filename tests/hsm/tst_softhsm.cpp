// What is particular to SoftHSM2, on its own: the station's softhsm2.conf and token
// directory, the copy of each token.object taken at init, a token file truncated by a
// process killed during C_Login put back from that copy (and the token usable again),
// and the lock that stations sharing a token directory take in turns.
#include "kps/hsm/module.hpp"
#include "kps/hsm/softhsm.hpp"
#include "kps/hsm/token.hpp"
#include "kps/secure/pin.hpp"

#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace kps;

namespace {

QString tokenObjectIn(const QString& tokens) {
    QDirIterator found(tokens, {QStringLiteral("token.object")}, QDir::Files,
                       QDirIterator::Subdirectories);
    return found.hasNext() ? found.next() : QString();
}

} // namespace

class TstSoftHsm : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aTruncatedTokenFileIsPutBack() {
        QTemporaryDir dir;
        const std::filesystem::path root = dir.path().toStdString();
        QVERIFY(hsm::useSoftHsmIn(root));
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("softhsm2.conf"))));
        QCOMPARE(qEnvironmentVariable("SOFTHSM2_CONF"),
                 dir.filePath(QStringLiteral("softhsm2.conf")));
        const auto soPin = secure::randomPin(12);
        const auto userPin = secure::randomPin(12);
        {
            auto module = hsm::Module::load(hsm::defaultModulePath());
            QVERIFY(module);
            QVERIFY(hsm::initializeToken(*module, "guarded", soPin, userPin));
        }
        QVERIFY(hsm::backupSoftHsmTokens(root));
        const QString file = tokenObjectIn(dir.filePath(QStringLiteral("tokens")));
        QVERIFY(!file.isEmpty());
        const qint64 size = QFileInfo(file).size();
        QVERIFY(size > 0);
        auto nothing = hsm::repairSoftHsmTokens(root);
        QVERIFY(nothing && nothing->empty()); // a good file is left alone
        QVERIFY(QFile::resize(file, 0));      // what a kill during C_Login leaves
        auto repaired = hsm::repairSoftHsmTokens(root);
        QVERIFY(repaired);
        QCOMPARE(repaired->size(), std::size_t(1));
        QCOMPARE(QFileInfo(file).size(), size);
        QCOMPARE(QFileInfo(file).permissions() & (QFile::ReadOther | QFile::ReadGroup),
                 QFile::Permissions());
        auto module = hsm::Module::load(hsm::defaultModulePath());
        QVERIFY(module);
        auto session = hsm::openUserSession(*module, "guarded", userPin);
        QVERIFY2(session, session ? "" : session.error().message().c_str());
    }

    void theTokenLockIsExclusiveAcrossProcesses() {
        QTemporaryDir dir;
        const QByteArray path = QFile::encodeName(dir.filePath(QStringLiteral("kps-token.lock")));
        /// Whether another process (another station) could take the lock now.
        const auto freeForAnother = [&path] {
            const pid_t child = fork();
            if (child == 0) {
                const int fd = ::open(path.constData(), O_RDWR);
                _exit(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0 ? 0 : 1);
            }
            int status = 0;
            return waitpid(child, &status, 0) == child && WIFEXITED(status) &&
                   WEXITSTATUS(status) == 0;
        };
        {
            auto held = hsm::SoftHsmLock::acquire(dir.path().toStdString());
            QVERIFY(held);
            QVERIFY(!freeForAnother());
        }
        QVERIFY(freeForAnother()); // released when the owner goes
    }
};

QTEST_GUILESS_MAIN(TstSoftHsm)
#include "tst_softhsm.moc"
