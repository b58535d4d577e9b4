#pragma once
// Runs one kps command per bad file and checks the bad-input contract (docs/formats.md):
// exit code 2, one line on stderr naming the file, the place and the reason, and the
// station's database and token byte for byte as before.
#include "bad_input_corpus.hpp"
#include "cli_station.hpp"
#include "station_snapshot.hpp"

#include <QFile>
#include <QFileInfo>
#include <functional>
#include <sys/stat.h>

namespace kps::test {

struct Attempt {
    QStringList arguments; // after --data DIR
    QString user;
    QString second;    // second key custodian, if the command needs one
    QString namedFile; // the file the message must name
};

struct KindFigures {
    QString kind;
    int tried = 0;
    int rejectedCleanly = 0;
    QStringList failures;
};

inline void writeFile(const QString& path, const BadFile& bad) {
    if (QFileInfo(path).isDir() && !QFileInfo(path).isSymLink())
        QDir(path).removeRecursively();
    QFile::remove(path);
    if (bad.special == QLatin1String("missing"))
        return;
    if (bad.special == QLatin1String("directory")) {
        QDir().mkpath(path);
        return;
    }
    if (bad.special == QLatin1String("fifo")) {
        if (::mkfifo(QFile::encodeName(path).constData(), 0600) != 0)
            qFatal("cannot make the FIFO %s", qPrintable(path));
        return;
    }
    if (bad.special.startsWith(QLatin1String("link:"))) {
        QFile::link(bad.special.mid(5), path);
        return;
    }
    if (bad.special == QLatin1String("link-to-copy")) { // a good file, behind a link
        writeFile(path + QStringLiteral(".target"), {bad.name, bad.bytes});
        QFile::link(path + QStringLiteral(".target"), path);
        return;
    }
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    if (bad.sparse > 0)
        file.resize(bad.sparse); // a hole: large on paper, nothing on disk
    else
        file.write(bad.bytes);
}

/// Why a rejection is not clean, or an empty string.
inline QString judge(const ProcessResult& result, const BadFile& bad, const Attempt& attempt,
                     const QByteArray& before, const QByteArray& after) {
    const QString err = QString::fromUtf8(result.err).trimmed();
    if (result.exitCode != 2)
        return QStringLiteral("exit %1 (%2)").arg(result.exitCode).arg(err);
    if (err.count(QLatin1Char('\n')) != 0 || !err.startsWith(QLatin1String("kps: ")))
        return QStringLiteral("not one message: %1").arg(err);
    if (!err.contains(attempt.namedFile))
        return QStringLiteral("does not name %1: %2").arg(attempt.namedFile, err);
    const qsizetype place = err.indexOf(bad.place, err.indexOf(attempt.namedFile));
    if (place < 0)
        return QStringLiteral("does not name the place %1: %2").arg(bad.place, err);
    if (!bad.reason.isEmpty() && !err.contains(bad.reason, Qt::CaseInsensitive))
        return QStringLiteral("does not give the reason '%1': %2").arg(bad.reason, err);
    if (before != after)
        return QStringLiteral("the database or the token changed: %1").arg(err);
    return {};
}

/// Tries every file; `prepare` writes it (and whatever goes with it) and says how to
/// run the command on it.
inline KindFigures tryAll(const CliStation& station, const QString& kind,
                          const std::vector<BadFile>& files,
                          const std::function<Attempt(const BadFile&)>& prepare) {
    KindFigures figures{kind};
    const QByteArray before = stationSnapshot(station.directory());
    for (const BadFile& bad : files) {
        const Attempt attempt = prepare(bad);
        const ProcessResult result =
            runKps(station.command(attempt.arguments), station.as(attempt.user, attempt.second));
        const QByteArray after = stationSnapshot(station.directory());
        ++figures.tried;
        const QString problem = judge(result, bad, attempt, before, after);
        if (problem.isEmpty())
            ++figures.rejectedCleanly;
        else
            figures.failures << bad.name + QStringLiteral(": ") + problem;
        if (before != after)
            break; // later files would be judged against a changed station
    }
    qInfo("%s: %d files tried, %d rejected cleanly (exit 2, one message naming file, place "
          "and reason, database and token unchanged)",
          qPrintable(kind), figures.tried, figures.rejectedCleanly);
    return figures;
}

} // namespace kps::test
