#pragma once
// The customer's side of incoming files, made with the openssl command line only
// (scripts/customer/seal-*.sh, the recipe of docs/customers.md), and edits of them
// re-signed with the customer's key, for the failure paths.
#include "cli_runner.hpp"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <functional>

namespace kps::test {

struct CustomerSide {
    QString key;           // customer.key (PEM)
    QString certificate;   // customer.crt
    QString stationImport; // the certificate the files are wrapped to
};

inline QByteArray readBytes(const QString& path) {
    QFile file(path);
    file.open(QIODevice::ReadOnly);
    return file.readAll();
}

inline QString runSealScript(const QString& script, const QStringList& arguments) {
    auto result = runProgram(
        QStringLiteral("bash"),
        QStringList{QStringLiteral(KPS_SOURCE_DIR "/scripts/customer/") + script} + arguments);
    if (result.exitCode != 0)
        qFatal("%s failed: %s", qPrintable(script), result.err.constData());
    return QString::fromUtf8(result.out.trimmed().split('\n').last());
}

/// seal-masters.sh: fresh masters (plain copies in OUT/masters/NAME.bin), file and signature.
inline QString sealMasters(const CustomerSide& side, const QString& order, const QString& out,
                           const QString& md = QStringLiteral("sha1")) {
    return runSealScript(QStringLiteral("seal-masters.sh"),
                         {order, side.stationImport, side.key, side.certificate, out, md});
}

/// seal-keylist.sh: fresh keys per address (plain copies in OUT/keys/ADDRESS/).
inline QString sealKeyList(const CustomerSide& side, const QString& order, const QString& out,
                           const QStringList& addresses,
                           const QString& md = QStringLiteral("sha1")) {
    return runSealScript(
        QStringLiteral("seal-keylist.sh"),
        QStringList{order, side.stationImport, side.key, side.certificate, out, md} + addresses);
}

/// Signs FILE into FILE.sig as the customer would (`openssl dgst -sha256 -sign`).
inline void signAsCustomer(const QString& file, const QString& key, bool pss = false) {
    QStringList arguments{QStringLiteral("dgst"), QStringLiteral("-sha256"),
                          QStringLiteral("-sign"), key};
    if (pss)
        arguments << QStringLiteral("-sigopt") << QStringLiteral("rsa_padding_mode:pss");
    arguments << QStringLiteral("-out") << file + QStringLiteral(".sig") << file;
    if (runProgram(QStringLiteral("openssl"), arguments).exitCode != 0)
        qFatal("cannot sign %s", qPrintable(file));
}

/// A copy of FILE (as COPY) with the JSON edited, re-signed by the customer.
inline QString editedCopy(const QString& file, const QString& copy,
                          const std::function<void(QJsonObject&)>& edit, const QString& key) {
    QJsonObject json = QJsonDocument::fromJson(readBytes(file)).object();
    edit(json);
    QFile out(copy);
    out.open(QIODevice::WriteOnly);
    out.write(QJsonDocument(json).toJson());
    out.close();
    signAsCustomer(copy, key);
    return copy;
}

} // namespace kps::test
