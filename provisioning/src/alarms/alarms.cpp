#include "kps/provisioning/alarms.hpp"

#include "../store/sql.hpp"
#include "kps/provisioning/store.hpp"

#include <QJsonObject>

namespace kps::provisioning {
namespace {

constexpr const char* kColumns = "id, kind, order_id, slot, message, raised_at, raised_by,"
                                 " acknowledged_at, acknowledged_by, note";

QString iso(const QDateTime& time) {
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

AlarmRecord recordFrom(const QSqlQuery& query) {
    AlarmRecord record;
    record.id = query.value(0).toLongLong();
    record.notice.kind = alarmKindFrom(query.value(1).toString()).value_or(AlarmKind::Line);
    record.notice.orderId = query.value(2).toString();
    record.notice.slot = query.value(3).toInt();
    record.notice.message = query.value(4).toString();
    record.notice.raisedAt = QDateTime::fromString(query.value(5).toString(), Qt::ISODateWithMs);
    record.raisedBy = query.value(6).toString();
    record.acknowledgedAt = QDateTime::fromString(query.value(7).toString(), Qt::ISODateWithMs);
    record.acknowledgedBy = query.value(8).toString();
    record.note = query.value(9).toString();
    return record;
}

/// On a shared registry stations number their alarms one at a time: the lock is held
/// until the transaction ends, so the next station's MAX sees this alarm (PostgreSQL
/// reads each statement with a fresh snapshot) instead of taking the same number.
Done lockAlarmNumbers(Store& store) {
    if (!store.shared())
        return {};
    return sql::exec(store.database(), QStringLiteral("number alarm"),
                     QStringLiteral("SELECT pg_advisory_xact_lock(7007003)"));
}

Outcome<qint64> nextAlarmId(Store& store) {
    KPS_TRY(lockAlarmNumbers(store));
    KPS_TRY_LET(query, sql::run(store.database(), QStringLiteral("number alarm"),
                                QStringLiteral("SELECT COALESCE(MAX(id), 0) + 1 FROM alarms")));
    return query.next() ? query.value(0).toLongLong() : 1;
}

Done insertAlarm(Store& store, const AlarmRecord& record) {
    const AlarmNotice& notice = record.notice;
    return sql::exec(store.database(), QStringLiteral("record alarm"),
                     QStringLiteral("INSERT INTO alarms (id, kind, order_id, slot, message,"
                                    " raised_at, raised_by) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                     {record.id, alarmKindName(notice.kind), notice.orderId, notice.slot,
                      notice.message, iso(notice.raisedAt), record.raisedBy});
}

QJsonObject raisedDetail(const AlarmRecord& record) {
    return {{QStringLiteral("id"), record.id},
            {QStringLiteral("kind"), alarmKindName(record.notice.kind)},
            {QStringLiteral("slot"), record.notice.slot},
            {QStringLiteral("message"), auditField(record.notice.message)}};
}

} // namespace

QString alarmKindName(AlarmKind kind) {
    switch (kind) {
    case AlarmKind::Hsm:
        return QStringLiteral("hsm");
    case AlarmKind::Jig:
        return QStringLiteral("jig");
    case AlarmKind::Quota:
        return QStringLiteral("quota");
    case AlarmKind::Store:
        return QStringLiteral("store");
    case AlarmKind::Line:
        return QStringLiteral("line");
    }
    return {};
}

std::optional<AlarmKind> alarmKindFrom(const QString& name) {
    for (AlarmKind kind :
         {AlarmKind::Hsm, AlarmKind::Jig, AlarmKind::Quota, AlarmKind::Store, AlarmKind::Line})
        if (alarmKindName(kind) == name)
            return kind;
    return std::nullopt;
}

Outcome<AlarmRecord> raiseAlarm(Store& store, const QString& actor, const AlarmNotice& notice) {
    AlarmRecord record{0, notice, actor, {}, {}, {}};
    if (!record.notice.raisedAt.isValid())
        record.notice.raisedAt = QDateTime::currentDateTimeUtc();
    KPS_TRY(store.inTransaction([&]() -> Done {
        KPS_TRY_LET(id, nextAlarmId(store));
        record.id = id;
        KPS_TRY(insertAlarm(store, record));
        KPS_TRY(store.audit().append(actor, QStringLiteral("alarm.raised"), notice.orderId,
                                     raisedDetail(record), record.notice.raisedAt));
        return {};
    }));
    return record;
}

Outcome<std::vector<AlarmRecord>> openAlarms(Store& store) {
    KPS_TRY_LET(query, sql::run(store.database(), QStringLiteral("read open alarms"),
                                QStringLiteral("SELECT %1 FROM alarms WHERE acknowledged_at IS NULL"
                                               " ORDER BY id")
                                    .arg(QLatin1String(kColumns))));
    std::vector<AlarmRecord> alarms;
    while (query.next())
        alarms.push_back(recordFrom(query));
    return alarms;
}

Outcome<std::optional<AlarmRecord>> alarm(Store& store, qint64 id) {
    KPS_TRY_LET(
        query,
        sql::run(store.database(), QStringLiteral("read alarm"),
                 QStringLiteral("SELECT %1 FROM alarms WHERE id = ?").arg(QLatin1String(kColumns)),
                 {id}));
    if (!query.next())
        return std::optional<AlarmRecord>();
    return std::optional<AlarmRecord>(recordFrom(query));
}

Outcome<AlarmRecord> acknowledgeAlarm(Store& store, const QString& user, qint64 id,
                                      const QString& note) {
    const QString what = QStringLiteral("acknowledge alarm");
    const QString subject = QStringLiteral("alarm %1").arg(id);
    std::optional<AlarmRecord> acknowledged;
    KPS_TRY(store.inTransaction([&]() -> Done {
        KPS_TRY_LET(found, alarm(store, id));
        if (!found)
            return failure(ErrorKind::BadInput, what, subject, QStringLiteral("no such alarm"));
        if (!found->open())
            return failure(ErrorKind::Refused, what, subject,
                           QStringLiteral("acknowledged already by %1").arg(found->acknowledgedBy));
        AlarmRecord record = *found;
        record.acknowledgedAt = QDateTime::currentDateTimeUtc();
        record.acknowledgedBy = user;
        record.note = auditField(note);
        KPS_TRY(
            sql::exec(store.database(), what,
                      QStringLiteral("UPDATE alarms SET acknowledged_at = ?, acknowledged_by = ?,"
                                     " note = ? WHERE id = ? AND acknowledged_at IS NULL"),
                      {iso(record.acknowledgedAt), record.acknowledgedBy, record.note, id}));
        KPS_TRY(store.audit().append(
            user, QStringLiteral("alarm.acknowledged"), record.notice.orderId,
            {{QStringLiteral("id"), id}, {QStringLiteral("note"), record.note}},
            record.acknowledgedAt));
        acknowledged = record;
        return {};
    }));
    return *acknowledged;
}

} // namespace kps::provisioning
