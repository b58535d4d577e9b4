// Filesystem trust of a station (docs/hardening.md, "Filesystem"): a station whose
// directory, configuration, database, secrets or token others may write (or read, for
// the database and the secrets) is refused with the chmod that fixes it, and nothing is
// changed; kps init leaves its store and secrets private whatever the umask; a copied
// station directory never writes the original's HSM token, and a moved one works.
#include "station_fixture.hpp"

#include <QDirIterator>
#include <QProcess>
#include <sys/stat.h>

using namespace kps;

namespace {

std::string str(const QString& path) {
    return QFile::encodeName(path).toStdString();
}

mode_t modeOf(const QString& path) {
    struct stat info {};
    return ::stat(str(path).c_str(), &info) == 0 ? (info.st_mode & 07777) : 0;
}

/// Every file under `root` with its bytes, in a stable order.
QByteArray treeBytes(const QString& root) {
    QStringList files;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    files.sort();
    QByteArray all;
    for (const QString& file : files) {
        QFile in(file);
        all += file.toUtf8() + '\0' + (in.open(QIODevice::ReadOnly) ? in.readAll() : "?") + '\0';
    }
    return all;
}

bool copyTree(const QString& from, const QString& to) {
    return QProcess::execute(QStringLiteral("cp"), {QStringLiteral("-a"), from, to}) == 0;
}

} // namespace

class TstStationTrust : public QObject {
    Q_OBJECT

    std::unique_ptr<test::StationFixture> fixture_;
    QString root_;

    QString at(const QString& relative) const { return QDir(root_).filePath(relative); }

private Q_SLOTS:
    void initTestCase() {
        ::umask(022); // as a test process or a careless shell would have it
        fixture_ = std::make_unique<test::StationFixture>();
        root_ = fixture_->station->paths().root;
        fixture_->station.reset();
    }

    void initLeavesTheStoreAndSecretsPrivate() {
        QCOMPARE(modeOf(at(QStringLiteral("kps.sqlite"))), mode_t(0600));
        QCOMPARE(modeOf(at(QStringLiteral("secrets"))), mode_t(0700));
        QCOMPARE(modeOf(at(QStringLiteral("hsm/tokens"))), mode_t(0700));
    }

    void whatOthersMayChangeIsRefused_data() {
        QTest::addColumn<QString>("relative");
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("fix");
        QTest::newRow("data directory") << "" << 0777 << "chmod go-w";
        QTest::newRow("station.json") << "station.json" << 0666 << "chmod go-w";
        QTest::newRow("database writable") << "kps.sqlite" << 0666 << "chmod go-w";
        QTest::newRow("database readable") << "kps.sqlite" << 0644 << "chmod go-rwx";
        QTest::newRow("secrets") << "secrets" << 0755 << "chmod go-rwx";
        QTest::newRow("softhsm2.conf") << "hsm/softhsm2.conf" << 0646 << "chmod go-w";
        QTest::newRow("token directory") << "hsm/tokens" << 0755 << "chmod go-rwx";
        QTest::newRow("hsm directory") << "hsm" << 0775 << "chmod go-w";
        QTest::newRow("profiles") << "profiles" << 0777 << "chmod go-w";
    }

    void whatOthersMayChangeIsRefused() {
        QFETCH(QString, relative);
        QFETCH(int, mode);
        QFETCH(QString, fix);
        const QString target = relative.isEmpty() ? root_ : at(relative);
        const mode_t before = modeOf(target);
        const QByteArray snapshot = treeBytes(root_);
        QCOMPARE(::chmod(str(target).c_str(), mode_t(mode)), 0);
        auto opened = provisioning::Station::open(root_);
        QCOMPARE(::chmod(str(target).c_str(), before), 0);
        QVERIFY(!opened);
        QCOMPARE(opened.error().kind, provisioning::ErrorKind::Refused);
        QCOMPARE(opened.error().where, target);
        const QString message = opened.error().message();
        QVERIFY2(message.contains(fix + QLatin1Char(' ') + target), qPrintable(message));
        QCOMPARE(treeBytes(root_), snapshot); // nothing changed
    }

    void aCopiedStationDoesNotTouchTheOriginalToken() {
        const QString copy = fixture_->path(QStringLiteral("copy"));
        QVERIFY(copyTree(root_, copy));
        const QByteArray original = treeBytes(at(QStringLiteral("hsm")));
        const QByteArray copied = treeBytes(copy + QStringLiteral("/hsm"));
        auto opened = provisioning::Station::open(copy);
        QVERIFY(!opened);
        QCOMPARE(opened.error().kind, provisioning::ErrorKind::Refused);
        QCOMPARE(opened.error().where, copy + QStringLiteral("/hsm/softhsm2.conf"));
        QVERIFY2(opened.error().reason.contains(QLatin1String("copy of another station")),
                 qPrintable(opened.error().message()));
        QVERIFY(opened.error().reason.contains(at(QStringLiteral("hsm/tokens"))));
        QCOMPARE(treeBytes(at(QStringLiteral("hsm"))), original);
        QCOMPARE(treeBytes(copy + QStringLiteral("/hsm")), copied);
    }

    void aMovedStationWorks() {
        const QString moved = fixture_->path(QStringLiteral("moved"));
        QVERIFY(QDir().rename(root_, moved));
        {
            auto opened = provisioning::Station::open(moved);
            QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message()));
        }
        QFile conf(moved + QStringLiteral("/hsm/softhsm2.conf"));
        QVERIFY(conf.open(QIODevice::ReadOnly));
        QVERIFY(conf.readAll().contains("directories.tokendir = " +
                                        QFile::encodeName(moved + QStringLiteral("/hsm/tokens"))));
        QVERIFY(QDir().rename(moved, root_));
        auto back = provisioning::Station::open(root_);
        QVERIFY2(back, qPrintable(back ? QString() : back.error().message()));
    }
};

QTEST_GUILESS_MAIN(TstStationTrust)
#include "tst_station_trust.moc"
