#pragma once
// The audit chain: every event is a row whose hash covers the previous row's hash.
//   hash = SHA-256( prev "\n" seq "\n" at "\n" actor "\n" event "\n" subject "\n" detail )
// as lower-case hex; the first row's prev is 64 zeros. No field may contain a newline
// (detail is compact JSON), so the preimage can be rebuilt with sqlite3 and checked
// with sha256sum (docs/auditors.md).
//
// Checkpoints seal the chain: every kCheckpointEvery rows and at every order close
// the station key signs checkpointMessage(seq, hash) of the row just written
// (table audit_checkpoints; `openssl dgst -sha256 -verify` checks it).
#include <QJsonObject>
#include <QString>

namespace kps::provisioning {

struct AuditEntry {
    qint64 seq = 0;
    QString at;
    QString actor;
    QString event;
    QString subject;
    QString detail;
    QString prev;
    QString hash;
    /// The station whose chain holds the row (not hashed: a row moved to another
    /// chain breaks both chains' links). Empty for a lone SQLite station.
    QString station = {};
};

inline const QString kAuditGenesis = QString(64, QLatin1Char('0'));

/// Rows between two interval checkpoints unless station.json says otherwise.
constexpr int kCheckpointEvery = 100;

struct AuditCheckpoint {
    qint64 seq = 0;
    QString hash;         // the row's hash at the time of signing
    QByteArray signature; // DER, over checkpointMessage(seq, hash)
    QString signerSha256; // fingerprint of the signing certificate
    QString at;
    QString reason; // "interval", "order.close", "report"
};

/// "kps-audit-checkpoint/1 SEQ HASH": the exact bytes a checkpoint signs.
QByteArray checkpointMessage(qint64 seq, const QString& hash);

QByteArray auditPreimage(const AuditEntry& entry);
QString auditHash(const AuditEntry& entry);
/// Newlines and other control characters become spaces.
QString auditField(const QString& text);

} // namespace kps::provisioning
