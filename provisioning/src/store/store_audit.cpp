#include "kps/provisioning/store.hpp"
#include "sql.hpp"

#include <QJsonDocument>

namespace kps::provisioning {
namespace {

AuditEntry entryFrom(const QSqlQuery& query) {
    return {query.value(0).toLongLong(), query.value(1).toString(), query.value(2).toString(),
            query.value(3).toString(),   query.value(4).toString(), query.value(5).toString(),
            query.value(6).toString(),   query.value(7).toString()};
}

constexpr const char* kAuditColumns = "seq, at, actor, event, subject, detail, prev, hash";

} // namespace

Outcome<AuditEntry> Store::auditHead() {
    auto query = sql::run(database_, QStringLiteral("read audit head"),
                          QStringLiteral("SELECT %1 FROM audit ORDER BY seq DESC LIMIT 1")
                              .arg(QLatin1String(kAuditColumns)));
    if (!query)
        return tl::unexpected(query.error());
    if (!query->next())
        return AuditEntry{0, {}, {}, {}, {}, {}, {}, kAuditGenesis};
    return entryFrom(*query);
}

Outcome<AuditEntry> Store::appendAudit(const QString& actor, const QString& event,
                                       const QString& subject, const QJsonObject& detail,
                                       const QDateTime& at) {
    auto head = auditHead();
    if (!head)
        return head;
    AuditEntry entry;
    entry.seq = head->seq + 1;
    entry.at = at.toUTC().toString(Qt::ISODateWithMs);
    entry.actor = auditField(actor);
    entry.event = auditField(event);
    entry.subject = auditField(subject);
    entry.detail = QString::fromUtf8(QJsonDocument(detail).toJson(QJsonDocument::Compact));
    entry.prev = head->hash;
    entry.hash = auditHash(entry);
    auto inserted =
        sql::exec(database_, QStringLiteral("append audit event"),
                  QStringLiteral("INSERT INTO audit (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                      .arg(QLatin1String(kAuditColumns)),
                  {entry.seq, entry.at, entry.actor, entry.event, entry.subject, entry.detail,
                   entry.prev, entry.hash});
    if (!inserted)
        return tl::unexpected(inserted.error());
    return entry;
}

Done Store::forEachAudit(const std::function<Done(const AuditEntry&)>& visit) {
    auto query = sql::run(
        database_, QStringLiteral("read audit chain"),
        QStringLiteral("SELECT %1 FROM audit ORDER BY seq").arg(QLatin1String(kAuditColumns)));
    if (!query)
        return tl::unexpected(query.error());
    while (query->next())
        if (auto done = visit(entryFrom(*query)); !done)
            return done;
    return {};
}

} // namespace kps::provisioning
