#include "kps/provisioning/audit.hpp"

#include <QCryptographicHash>

namespace kps::provisioning {

QByteArray auditPreimage(const AuditEntry& entry) {
    const QStringList fields = {
        entry.prev,  QString::number(entry.seq), entry.at, entry.actor, entry.event, entry.subject,
        entry.detail};
    return fields.join(QLatin1Char('\n')).toUtf8();
}

QString auditHash(const AuditEntry& entry) {
    return QString::fromLatin1(
        QCryptographicHash::hash(auditPreimage(entry), QCryptographicHash::Sha256).toHex());
}

QByteArray checkpointMessage(qint64 seq, const QString& hash) {
    return "kps-audit-checkpoint/1 " + QByteArray::number(seq) + ' ' + hash.toLatin1();
}

QString auditField(const QString& text) {
    QString clean = text;
    for (QChar& c : clean)
        if (c.category() == QChar::Other_Control)
            c = QLatin1Char(' ');
    return clean;
}

} // namespace kps::provisioning
