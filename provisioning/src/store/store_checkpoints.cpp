// Signed checkpoints of the audit chain (audit.hpp): every N rows, at order close.
#include "kps/provisioning/store.hpp"
#include "sql.hpp"

namespace kps::provisioning {
namespace {

constexpr const char* kCheckpointColumns =
    "c.seq, c.hash, c.signature, c.signer_sha256, c.at, c.reason";

AuditCheckpoint checkpointFrom(const QSqlQuery& query) {
    return {query.value(0).toLongLong(),
            query.value(1).toString(),
            QByteArray::fromBase64(query.value(2).toByteArray()),
            query.value(3).toString(),
            query.value(4).toString(),
            query.value(5).toString()};
}

Outcome<std::optional<AuditCheckpoint>> oneCheckpoint(Outcome<QSqlQuery> found) {
    KPS_TRY_LET(query, std::move(found));
    if (!query.next())
        return std::optional<AuditCheckpoint>();
    return std::optional<AuditCheckpoint>(checkpointFrom(query));
}

} // namespace

Done StoreAudit::sealIfDue(const AuditEntry& entry) {
    if (!store_.auditSigner_ || store_.checkpointEvery_ <= 0 ||
        entry.seq % store_.checkpointEvery_ != 0)
        return {};
    KPS_TRY(insertCheckpoint(entry, QStringLiteral("interval")));
    return {};
}

Outcome<AuditCheckpoint> StoreAudit::insertCheckpoint(const AuditEntry& entry,
                                                      const QString& reason) {
    const QString what = QStringLiteral("sign audit checkpoint");
    if (!store_.auditSigner_)
        return failure(ErrorKind::Internal, what, QStringLiteral("audit"),
                       QStringLiteral("this connection has no station signer"),
                       QStringLiteral("Open the store through the station"));
    KPS_TRY_LET(signature, store_.auditSigner_->sign(checkpointMessage(entry.seq, entry.hash)));
    AuditCheckpoint checkpoint{entry.seq,
                               entry.hash,
                               signature,
                               store_.auditSigner_->signerSha256(),
                               QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs),
                               reason};
    KPS_TRY(sql::exec(
        store_.database_, what,
        QStringLiteral("INSERT INTO audit_checkpoints (seq, hash, signature, signer_sha256, at,"
                       " reason) VALUES (?, ?, ?, ?, ?, ?)"),
        {checkpoint.seq, checkpoint.hash, QString::fromLatin1(checkpoint.signature.toBase64()),
         checkpoint.signerSha256, checkpoint.at, checkpoint.reason}));
    return checkpoint;
}

Outcome<AuditCheckpoint> StoreAudit::checkpoint(const QString& reason) {
    KPS_TRY_LET(head, head());
    if (head.seq == 0)
        return failure(ErrorKind::Internal, QStringLiteral("sign audit checkpoint"),
                       QStringLiteral("audit"), QStringLiteral("the audit chain is empty"));
    KPS_TRY_LET(existing, oneCheckpoint(sql::run(
                              store_.database_, QStringLiteral("read audit checkpoint"),
                              QStringLiteral("SELECT %1 FROM audit_checkpoints c WHERE c.seq = ?")
                                  .arg(QLatin1String(kCheckpointColumns)),
                              {head.seq})));
    if (existing)
        return *existing;
    return insertCheckpoint(head, reason);
}

Done StoreAudit::forEachCheckpoint(const std::function<Done(const AuditCheckpoint&)>& visit) {
    KPS_TRY_LET(query, sql::run(store_.database_, QStringLiteral("read audit checkpoints"),
                                QStringLiteral("SELECT %1 FROM audit_checkpoints c ORDER BY c.seq")
                                    .arg(QLatin1String(kCheckpointColumns))));
    while (query.next())
        KPS_TRY(visit(checkpointFrom(query)));
    return {};
}

Outcome<std::optional<AuditCheckpoint>> StoreAudit::checkpointOf(const QString& event,
                                                                 const QString& subject) {
    return oneCheckpoint(
        sql::run(store_.database_, QStringLiteral("read audit checkpoint"),
                 QStringLiteral("SELECT %1 FROM audit_checkpoints c JOIN audit a ON a.seq = c.seq"
                                " WHERE a.event = ? AND a.subject = ? ORDER BY c.seq DESC LIMIT 1")
                     .arg(QLatin1String(kCheckpointColumns)),
                 {event, subject}));
}

} // namespace kps::provisioning
