#pragma once
// What "nothing changed" means for a station: the bytes of the database (and its
// -wal / -shm files) and of every file of the HSM's token directory.
//
// One exception, SoftHSM's own: every C_Login rewrites token.object with its 8-byte
// generation counter raised (SoftHSM saves the login flags), so the first 8 bytes of
// token.object are left out; every other byte of it and of each key object counts.
#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QStringList>

namespace kps::test {

inline QByteArray stationSnapshot(const QString& stationDirectory) {
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QStringList files;
    for (const QString& name :
         QDir(stationDirectory)
             .entryList({QStringLiteral("kps.sqlite*")}, QDir::Files | QDir::Hidden))
        files << QDir(stationDirectory).filePath(name);
    QDirIterator token(QDir(stationDirectory).filePath(QStringLiteral("hsm")),
                       QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (token.hasNext())
        files << token.next();
    files.sort();
    for (const QString& path : files) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            qFatal("cannot read %s", qPrintable(path));
        QByteArray bytes = file.readAll();
        if (path.endsWith(QLatin1String("/token.object")))
            bytes = bytes.mid(8); // SoftHSM's generation counter, raised by every C_Login
        hash.addData(path.toUtf8() + '\0' + QByteArray::number(bytes.size()) + '\0');
        hash.addData(bytes);
    }
    return hash.result().toHex();
}

} // namespace kps::test
