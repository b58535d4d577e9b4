// The trusted-file layer of kps::secure (docs/hardening.md, "Filesystem"): inputs are
// regular files within a limit, opened without following links and without blocking;
// secrets are the caller's own and private; the station's tree is refused when others
// may write it; outputs are made under their directory without following a planted
// link; the process creates everything 0600/0700.
#include "hang_guard.hpp"
#include "kps/secure/pin.hpp"
#include "kps/secure/process_hardening.hpp"
#include "kps/secure/safe_output.hpp"
#include "kps/secure/trusted_files.hpp"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>
#include <unistd.h>

using namespace kps;
using secure::FileProblem;

namespace {

std::string str(const QString& path) {
    return QFile::encodeName(path).toStdString();
}

void writeFile(const QString& path, const QByteArray& bytes, mode_t mode = 0600) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(bytes), bytes.size());
    file.close();
    QCOMPARE(::chmod(str(path).c_str(), mode), 0);
}

QByteArray readFile(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<unreadable>");
}

mode_t modeOf(const QString& path) {
    struct stat info {};
    return ::lstat(str(path).c_str(), &info) == 0 ? (info.st_mode & 07777) : 0;
}

} // namespace

class TstTrustedFiles : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString path(const QString& name) const { return dir_.filePath(name); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        writeFile(path(QStringLiteral("good.json")), "{\"a\": 1}\n", 0644);
        QCOMPARE(::mkfifo(str(path(QStringLiteral("pipe"))).c_str(), 0600), 0);
        QVERIFY(QFile::link(path(QStringLiteral("good.json")), path(QStringLiteral("link"))));
        QVERIFY(QFile::link(QStringLiteral("/dev/zero"), path(QStringLiteral("zero-link"))));
        QVERIFY(QDir(dir_.path()).mkdir(QStringLiteral("folder")));
        QFile large(path(QStringLiteral("large")));
        QVERIFY(large.open(QIODevice::WriteOnly));
        QVERIFY(large.resize(1024 * 1024 + 1)); // sparse: large on paper only
    }

    void aRegularFileIsReadWhole() {
        auto bytes = secure::readInput(str(path(QStringLiteral("good.json"))), 1024);
        QVERIFY(bytes);
        QCOMPARE(QByteArray(reinterpret_cast<const char*>(bytes->data()), qsizetype(bytes->size())),
                 QByteArray("{\"a\": 1}\n"));
    }

    void nonRegularInputsAreRefusedWithoutBlocking_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("problem");
        QTest::addColumn<QString>("words");
        QTest::newRow("fifo") << path(QStringLiteral("pipe")) << int(FileProblem::Fifo)
                              << "named pipe";
        QTest::newRow("/dev/zero")
            << QStringLiteral("/dev/zero") << int(FileProblem::Device) << "device";
        QTest::newRow("/dev/null")
            << QStringLiteral("/dev/null") << int(FileProblem::Device) << "device";
        QTest::newRow("symlink") << path(QStringLiteral("link")) << int(FileProblem::Symlink)
                                 << "symbolic link";
        QTest::newRow("link to /dev/zero")
            << path(QStringLiteral("zero-link")) << int(FileProblem::Symlink) << "symbolic link";
        QTest::newRow("directory")
            << path(QStringLiteral("folder")) << int(FileProblem::Directory) << "directory";
        QTest::newRow("oversized") << path(QStringLiteral("large")) << int(FileProblem::TooLarge)
                                   << "limit of 1048576 bytes";
        QTest::newRow("missing") << path(QStringLiteral("nothing")) << int(FileProblem::Missing)
                                 << "does not exist";
    }

    void nonRegularInputsAreRefusedWithoutBlocking() {
        QFETCH(QString, file);
        QFETCH(int, problem);
        QFETCH(QString, words);
        test::HangGuard guard(QTest::currentDataTag());
        auto bytes = secure::readInput(str(file), 1024 * 1024);
        QVERIFY(!bytes);
        QCOMPARE(int(bytes.error().problem), problem);
        QCOMPARE(bytes.error().path, str(file));
        const QString message = QString::fromStdString(bytes.error().message());
        QVERIFY2(message.startsWith(file + QStringLiteral(": ")), qPrintable(message));
        QVERIFY2(message.contains(words), qPrintable(message));
        auto secret = secure::readSecretInput(str(file), 1024 * 1024);
        QVERIFY(!secret);
        QCOMPARE(int(secret.error().problem), problem);
    }

    /// A PIN file through the same opener: a FIFO or /dev/zero never hangs kps.
    void pinFilesOfEveryKindAreRefused() {
        for (const QString& file : {path(QStringLiteral("pipe")), QStringLiteral("/dev/zero"),
                                    path(QStringLiteral("link")), path(QStringLiteral("large"))}) {
            test::HangGuard guard(file.toStdString());
            auto pin = secure::readPinFile(str(file));
            QVERIFY2(!pin, qPrintable(file));
            QCOMPARE(pin.error().source, str(file));
        }
    }

    void aSecretMustBePrivate() {
        const QString pin = path(QStringLiteral("shared.pin"));
        writeFile(pin, "1234\n", 0640);
        auto shared = secure::readSecretInput(str(pin), 4096);
        QVERIFY(!shared);
        QCOMPARE(shared.error().problem, FileProblem::ReadableByOthers);
        QCOMPARE(shared.error().fix, "chmod 600 " + str(pin));
        QCOMPARE(::chmod(str(pin).c_str(), 0600), 0);
        auto own = secure::readSecretInput(str(pin), 4096);
        QVERIFY(own);
        QCOMPARE(own->size(), std::size_t(5));
    }

    void aSecretOfAnotherUserIsRefused() {
        if (::geteuid() != 0)
            QSKIP("needs root to give a file to another user");
        const QString pin = path(QStringLiteral("foreign.pin"));
        writeFile(pin, "1234\n", 0600);
        QCOMPARE(::chown(str(pin).c_str(), 65534, 65534), 0);
        auto foreign = secure::readPinFile(str(pin));
        QVERIFY(!foreign);
        QVERIFY2(foreign.error().reason.find("chown " + secure::currentUserName()) !=
                     std::string::npos,
                 foreign.error().reason.c_str());
    }

    void theTreeCheckNamesTheFix() {
        const QString folder = path(QStringLiteral("tree"));
        QVERIFY(QDir().mkpath(folder));
        QCOMPARE(::chmod(str(folder).c_str(), 0777), 0);
        auto open = secure::checkTreePath(str(folder), secure::TreeRule::NotWritableByOthers);
        QVERIFY(!open);
        QCOMPARE(open.error().problem, FileProblem::WritableByOthers);
        QCOMPARE(open.error().fix, "chmod go-w " + str(folder));
        QCOMPARE(::chmod(str(folder).c_str(), 0755), 0);
        QVERIFY(secure::checkTreePath(str(folder), secure::TreeRule::NotWritableByOthers));
        auto readable = secure::checkTreePath(str(folder), secure::TreeRule::OwnerOnly);
        QVERIFY(!readable);
        QCOMPARE(readable.error().fix, "chmod go-rwx " + str(folder));
        QVERIFY(secure::checkTreePath(str(path(QStringLiteral("none"))),
                                      secure::TreeRule::OwnerOnly, true));
        if (::geteuid() == 0) {
            QCOMPARE(::chown(str(folder).c_str(), 65534, 65534), 0);
            auto foreign =
                secure::checkTreePath(str(folder), secure::TreeRule::NotWritableByOthers);
            QVERIFY(!foreign);
            QCOMPARE(foreign.error().fix, "chown " + secure::currentUserName() + " " + str(folder));
        }
    }

    void aPlantedPartialLinkIsNotFollowed() {
        const QString outside = path(QStringLiteral("outside.txt"));
        writeFile(outside, "precious\n", 0644);
        const QString exports = path(QStringLiteral("exports"));
        QVERIFY(QDir().mkpath(exports));
        QVERIFY(QFile::link(outside, exports + QStringLiteral("/listing.json.partial")));
        auto output =
            secure::SafeOutput::create(str(exports), "listing.json", secure::Replace::Allowed);
        QVERIFY(!output);
        QCOMPARE(output.error().problem, FileProblem::PartialNotOurs);
        QVERIFY(output.error().reason.find("symbolic link") != std::string::npos);
        QCOMPARE(readFile(outside), QByteArray("precious\n"));
        QVERIFY(QFileInfo(exports + QStringLiteral("/listing.json.partial")).isSymLink());
        QVERIFY(!QFile::exists(exports + QStringLiteral("/listing.json")));
    }

    void aStalePartialOfOursIsReplacedAndTheResultIsPrivate() {
        const QString exports = path(QStringLiteral("exports2"));
        QVERIFY(QDir().mkpath(exports));
        writeFile(exports + QStringLiteral("/report.json.partial"), "half a file", 0600);
        auto output =
            secure::SafeOutput::create(str(exports), "report.json", secure::Replace::Never);
        QVERIFY2(output, output ? "" : output.error().message().c_str());
        const QByteArray text = "{}\n";
        QVERIFY(output->write({reinterpret_cast<const std::uint8_t*>(text.data()), 3}));
        QVERIFY(output->commit());
        QCOMPARE(readFile(exports + QStringLiteral("/report.json")), text);
        QCOMPARE(modeOf(exports + QStringLiteral("/report.json")), mode_t(0600));
        QVERIFY(!QFile::exists(exports + QStringLiteral("/report.json.partial")));
        auto again =
            secure::SafeOutput::create(str(exports), "report.json", secure::Replace::Never);
        QVERIFY(!again);
        QCOMPARE(again.error().problem, FileProblem::Exists);
    }

    void anUnfinishedOutputLeavesNothing() {
        const QString exports = path(QStringLiteral("exports3"));
        QVERIFY(QDir().mkpath(exports));
        {
            auto output =
                secure::SafeOutput::create(str(exports), "x.csv", secure::Replace::Allowed);
            QVERIFY(output);
            QVERIFY(QFile::exists(exports + QStringLiteral("/x.csv.partial")));
        }
        QVERIFY(QDir(exports).isEmpty());
    }

    void theProcessCreatesPrivateFiles() {
        const mode_t before = ::umask(022);
        secure::restrictNewFiles();
        const QString file = path(QStringLiteral("created"));
        QFile made(file);
        QVERIFY(made.open(QIODevice::WriteOnly));
        made.close();
        QVERIFY(QDir().mkpath(path(QStringLiteral("created-dir"))));
        QCOMPARE(modeOf(file), mode_t(0600));
        QCOMPARE(modeOf(path(QStringLiteral("created-dir"))), mode_t(0700));
        ::umask(before);
    }
};

QTEST_GUILESS_MAIN(TstTrustedFiles)
#include "tst_trusted_files.moc"
