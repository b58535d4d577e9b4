#include "station_trust.hpp"

#include "kps/schemas/input_file.hpp"
#include "kps/secure/safe_output.hpp"
#include "kps/secure/trusted_files.hpp"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <cerrno>
#include <sys/stat.h>

namespace kps::provisioning {
namespace {

using secure::TreeRule;

struct TreeEntry {
    QString path;
    TreeRule rule;
    bool mayBeMissing;
};

/// The SQLite file and the files SQLite keeps beside it while it works.
void addDatabase(std::vector<TreeEntry>& entries, const QString& database) {
    entries.push_back({database, TreeRule::OwnerOnly, false});
    for (const char* suffix : {"-wal", "-shm", "-journal"})
        entries.push_back({database + QLatin1String(suffix), TreeRule::OwnerOnly, true});
}

void addSoftHsm(std::vector<TreeEntry>& entries, const QString& directory) {
    entries.push_back({directory, TreeRule::NotWritableByOthers, false});
    entries.push_back(
        {directory + QStringLiteral("/softhsm2.conf"), TreeRule::NotWritableByOthers, false});
    entries.push_back({directory + QStringLiteral("/tokens"), TreeRule::OwnerOnly, false});
}

std::vector<TreeEntry> stationTree(const StationPaths& paths, const QJsonObject& config) {
    const QDir root(paths.root);
    std::vector<TreeEntry> entries{{paths.root, TreeRule::NotWritableByOthers, false},
                                   {paths.config(), TreeRule::NotWritableByOthers, false},
                                   {paths.secrets(), TreeRule::OwnerOnly, true}};
    const QJsonObject store = config[QStringLiteral("store")].toObject();
    if (store[QStringLiteral("driver")].toString() == QLatin1String("QSQLITE"))
        addDatabase(entries, root.absoluteFilePath(store[QStringLiteral("database")].toString()));
    const QJsonObject hsm = config[QStringLiteral("hsm")].toObject();
    if (hsm.contains(QStringLiteral("softhsmDirectory")))
        addSoftHsm(entries,
                   root.absoluteFilePath(hsm[QStringLiteral("softhsmDirectory")].toString()));
    for (const QString& folder : {paths.profiles(), paths.orders(), paths.exports(),
                                  paths.publicCertificates(), paths.locks()})
        entries.push_back({folder, TreeRule::NotWritableByOthers, true});
    return entries;
}

const QString kOpen = QStringLiteral("open station");

/// The directories.tokendir line of a softhsm2.conf, empty if there is none.
QString tokenDirectoryIn(const QByteArray& conf) {
    for (const QByteArray& raw : conf.split('\n')) {
        const QByteArray line = raw.trimmed();
        if (!line.startsWith("directories.tokendir"))
            continue;
        const qsizetype equals = line.indexOf('=');
        if (equals > 0 && line.left(equals).trimmed() == "directories.tokendir")
            return QString::fromUtf8(line.mid(equals + 1).trimmed());
    }
    return {};
}

/// The conf with its tokendir line (or a new one) naming `tokens`.
QByteArray confPointingAt(const QByteArray& conf, const QString& tokens) {
    const QByteArray line = "directories.tokendir = " + QFile::encodeName(tokens);
    QList<QByteArray> lines = conf.split('\n');
    bool replaced = false;
    for (QByteArray& each : lines) {
        if (tokenDirectoryIn(each).isEmpty())
            continue;
        each = line;
        replaced = true;
    }
    if (!replaced)
        lines.insert(lines.isEmpty() ? 0 : 1, line);
    return lines.join('\n');
}

/// A moved station: its conf names a token directory that no longer exists; it is
/// pointed at the station's own (written as a new file and renamed over the old one).
Done repointConf(const QString& confPath, const QByteArray& conf, const QString& tokens) {
    const QByteArray text = confPointingAt(conf, tokens);
    auto written = [&]() -> secure::FileResult<void> {
        KPS_TRY_LET(output,
                    secure::SafeOutput::createPath(QFile::encodeName(confPath).toStdString(),
                                                   secure::Replace::Allowed, 0644));
        KPS_TRY(output.write(
            {reinterpret_cast<const std::uint8_t*>(text.constData()), std::size_t(text.size())}));
        return output.commit();
    }();
    if (written)
        return {};
    return failure(ErrorKind::Store, kOpen, confPath,
                   QStringLiteral("cannot point it at the station's own token directory %1: %2")
                       .arg(tokens, QString::fromStdString(written.error().reason)),
                   QStringLiteral("Set directories.tokendir = %1 in it").arg(tokens));
}

/// SoftHSM2 takes its token directory from softhsm2.conf as an absolute path, which a
/// copy of the station directory would keep: the copy would write the original's token.
/// The conf must name DIR/tokens beside it. A conf naming a directory that exists
/// elsewhere is refused (a copy); one naming a directory that is gone (a move) is
/// pointed at the station's own.
Done checkSoftHsmConf(const QString& softHsmDirectory) {
    const QString confPath = softHsmDirectory + QStringLiteral("/softhsm2.conf");
    const QString own = QDir::cleanPath(softHsmDirectory + QStringLiteral("/tokens"));
    auto conf = schemas::readInputFile(confPath, 64 * 1024);
    if (!conf)
        return tl::unexpected(Error::fromInput(conf.error(), kOpen));
    const QString named = tokenDirectoryIn(*conf);
    if (QDir::cleanPath(named) == own)
        return {};
    if (!named.isEmpty() && QFileInfo::exists(named))
        return failure(
            ErrorKind::Refused, kOpen, confPath,
            QStringLiteral("it names the token directory %1, not this station's own %2: this "
                           "directory is a copy of another station, and would write that "
                           "station's HSM token")
                .arg(named, own),
            QStringLiteral("Use the original station (a copy is not a station of its own), or "
                           "initialise a new station with kps init"));
    return repointConf(confPath, *conf, own);
}

} // namespace

Done checkStationTree(const StationPaths& paths, const QJsonObject& config) {
    for (const TreeEntry& entry : stationTree(paths, config)) {
        auto checked = secure::checkTreePath(QFile::encodeName(entry.path).toStdString(),
                                             entry.rule, entry.mayBeMissing);
        if (!checked) {
            const secure::FileError& error = checked.error();
            return failure(ErrorKind::Refused, QStringLiteral("open station"), entry.path,
                           QString::fromStdString(error.reason) +
                               QStringLiteral("; another local user could change or read what "
                                              "the station trusts"),
                           error.fix.empty()
                               ? QStringLiteral("Nothing was opened")
                               : QStringLiteral("Fix it with: %1 (nothing was opened)")
                                     .arg(QString::fromStdString(error.fix)));
        }
    }
    const QJsonObject hsm = config[QStringLiteral("hsm")].toObject();
    if (hsm.contains(QStringLiteral("softhsmDirectory")))
        return checkSoftHsmConf(
            QDir(paths.root).absoluteFilePath(hsm[QStringLiteral("softhsmDirectory")].toString()));
    return {};
}

Done restrictStationFiles(const StationPaths& paths) {
    const QByteArray database = QFile::encodeName(paths.database());
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        if (::chmod((database + suffix).constData(), 0600) != 0 && errno != ENOENT)
            return failure(ErrorKind::Store, QStringLiteral("initialise station"), paths.database(),
                           QStringLiteral("cannot make it private (0600)"));
    if (::chmod(QFile::encodeName(paths.secrets()).constData(), 0700) != 0)
        return failure(ErrorKind::Store, QStringLiteral("initialise station"), paths.secrets(),
                       QStringLiteral("cannot make it private (0700)"));
    return {};
}

} // namespace kps::provisioning
