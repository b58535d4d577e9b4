// The audit chains: one per station (the `station` column; "" for a station alone on
// its SQLite file). Each row's prev is the hash of the previous row of the same
// station. On PostgreSQL, where several stations append at once, seq comes from a
// sequence (unique, increasing, with gaps where a transaction rolled back) and a
// transaction-scoped advisory lock per station keeps two connections of one station
// from forking its chain. On SQLite the single writer numbers rows 1, 2, 3, ...
#include "kps/provisioning/store.hpp"
#include "sql.hpp"

#include <QJsonDocument>

namespace kps::provisioning {
namespace {

AuditEntry entryFrom(const QSqlQuery& query) {
    return {query.value(0).toLongLong(), query.value(1).toString(), query.value(2).toString(),
            query.value(3).toString(),   query.value(4).toString(), query.value(5).toString(),
            query.value(6).toString(),   query.value(7).toString(), query.value(8).toString()};
}

constexpr const char* kAuditColumns = "seq, at, actor, event, subject, detail, prev, hash, station";

Done visitRows(QSqlQuery& query, const std::function<Done(const AuditEntry&)>& visit) {
    while (query.next())
        KPS_TRY(visit(entryFrom(query)));
    return {};
}

} // namespace

Outcome<AuditEntry> StoreAudit::head() {
    return headOf(store_.station_);
}

Outcome<AuditEntry> StoreAudit::headOf(const QString& station) {
    KPS_TRY_LET(
        query,
        sql::run(store_.database_, QStringLiteral("read audit head"),
                 QStringLiteral("SELECT %1 FROM audit WHERE station = ? ORDER BY seq DESC LIMIT 1")
                     .arg(QLatin1String(kAuditColumns)),
                 {sql::text(station)}));
    if (!query.next())
        return AuditEntry{0, {}, {}, {}, {}, {}, {}, kAuditGenesis, station};
    return entryFrom(query);
}

/// PostgreSQL: holds this station's chain until the transaction ends (so the head read
/// next is the latest) and takes the row's number from the sequence.
Outcome<qint64> nextSharedAuditSeq(QSqlDatabase& database, const QString& station) {
    const QString what = QStringLiteral("append audit event");
    KPS_TRY(sql::run(database, what,
                     QStringLiteral("SELECT pg_advisory_xact_lock(7007002, hashtext(?))"),
                     {QStringLiteral("kps-audit/") + station}));
    KPS_TRY_LET(next, sql::run(database, what, QStringLiteral("SELECT nextval('audit_seq')")));
    if (!next.next())
        return failure(ErrorKind::Store, what, QStringLiteral("audit_seq"),
                       QStringLiteral("the sequence gave no number"));
    return next.value(0).toLongLong();
}

Outcome<AuditEntry> StoreAudit::append(const QString& actor, const QString& event,
                                       const QString& subject, const QJsonObject& detail,
                                       const QDateTime& at) {
    qint64 sharedSeq = 0;
    if (store_.shared_) {
        KPS_TRY_LET(taken, nextSharedAuditSeq(store_.database_, store_.station_));
        sharedSeq = taken;
    }
    KPS_TRY_LET(previous, head());
    AuditEntry entry;
    entry.seq = store_.shared_ ? sharedSeq : previous.seq + 1;
    entry.at = at.toUTC().toString(Qt::ISODateWithMs);
    entry.actor = auditField(actor);
    entry.event = auditField(event);
    entry.subject = auditField(subject);
    entry.detail = QString::fromUtf8(QJsonDocument(detail).toJson(QJsonDocument::Compact));
    entry.prev = previous.hash;
    entry.hash = auditHash(entry);
    entry.station = store_.station_;
    KPS_TRY(sql::exec(store_.database_, QStringLiteral("append audit event"),
                      QStringLiteral("INSERT INTO audit (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                          .arg(QLatin1String(kAuditColumns)),
                      {entry.seq, entry.at, entry.actor, entry.event, entry.subject, entry.detail,
                       entry.prev, entry.hash, entry.station}));
    KPS_TRY(sealIfDue(entry));
    return entry;
}

Done StoreAudit::forEach(const std::function<Done(const AuditEntry&)>& visit) {
    KPS_TRY_LET(
        query,
        sql::run(
            store_.database_, QStringLiteral("read audit chain"),
            QStringLiteral("SELECT %1 FROM audit ORDER BY seq").arg(QLatin1String(kAuditColumns))));
    return visitRows(query, visit);
}

Done StoreAudit::forEachOf(const QString& station,
                           const std::function<Done(const AuditEntry&)>& visit) {
    KPS_TRY_LET(query,
                sql::run(store_.database_, QStringLiteral("read audit chain"),
                         QStringLiteral("SELECT %1 FROM audit WHERE station = ? ORDER BY seq")
                             .arg(QLatin1String(kAuditColumns)),
                         {sql::text(station)}));
    return visitRows(query, visit);
}

Outcome<QStringList> StoreAudit::stations() {
    KPS_TRY_LET(query,
                sql::run(store_.database_, QStringLiteral("read audit chains"),
                         QStringLiteral("SELECT DISTINCT station FROM audit ORDER BY station")));
    QStringList stations;
    while (query.next())
        stations << query.value(0).toString();
    return stations;
}

} // namespace kps::provisioning
