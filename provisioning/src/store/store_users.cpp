#include "kps/provisioning/store.hpp"
#include "sql.hpp"

namespace kps::provisioning {
namespace {

constexpr const char* kUserColumns = "name, role, badge, pin_hash, failed_logins, disabled";

UserRow userFrom(const QSqlQuery& query) {
    return {query.value(0).toString(), query.value(1).toString(), query.value(2).toString(),
            query.value(3).toString(), query.value(4).toInt(),    query.value(5).toInt() != 0};
}

} // namespace

Done StoreUsers::insert(const UserRow& user, const QDateTime& at, const QString& createdBy) {
    return sql::exec(
        store_.database_, QStringLiteral("add user"),
        QStringLiteral("INSERT INTO users (name, role, badge, pin_hash, created, created_by)"
                       " VALUES (?, ?, ?, ?, ?, ?)"),
        {user.name, user.role, user.badge.isEmpty() ? QVariant() : user.badge, user.pinHash,
         at.toUTC().toString(Qt::ISODateWithMs), createdBy});
}

Outcome<std::optional<UserRow>> StoreUsers::byLogin(const QString& nameOrBadge) {
    KPS_TRY_LET(query, sql::run(store_.database_, QStringLiteral("find user"),
                                QStringLiteral("SELECT %1 FROM users WHERE name = ? OR badge = ?")
                                    .arg(QLatin1String(kUserColumns)),
                                {nameOrBadge, nameOrBadge}));
    if (!query.next())
        return std::optional<UserRow>();
    return std::optional<UserRow>(userFrom(query));
}

Outcome<std::vector<UserRow>> StoreUsers::all() {
    KPS_TRY_LET(
        query,
        sql::run(
            store_.database_, QStringLiteral("list users"),
            QStringLiteral("SELECT %1 FROM users ORDER BY name").arg(QLatin1String(kUserColumns))));
    std::vector<UserRow> rows;
    while (query.next())
        rows.push_back(userFrom(query));
    return rows;
}

Outcome<bool> StoreUsers::countAttempt(const QString& nameOrBadge) {
    KPS_TRY_LET(changed,
                sql::change(store_.database_, QStringLiteral("count login attempt"),
                            QStringLiteral("UPDATE users SET failed_logins = failed_logins + 1"
                                           " WHERE (name = ? OR badge = ?) AND disabled = 0"
                                           " AND failed_logins < ?"),
                            {nameOrBadge, nameOrBadge, kMaxFailedLogins}));
    return changed == 1;
}

Done StoreUsers::settleAttempt(const QString& name, bool pinOk) {
    if (pinOk)
        return sql::exec(store_.database_, QStringLiteral("record login"),
                         QStringLiteral("UPDATE users SET failed_logins = 0 WHERE name = ?"),
                         {name});
    return sql::exec(store_.database_, QStringLiteral("record login"),
                     QStringLiteral("UPDATE users SET disabled = 1 WHERE name = ?"
                                    " AND failed_logins >= ?"),
                     {name, kMaxFailedLogins});
}

Outcome<bool> StoreUsers::setDisabled(const QString& name, bool disabled) {
    KPS_TRY_LET(changed, sql::change(store_.database_, QStringLiteral("change user"),
                                     disabled ? QStringLiteral("UPDATE users SET disabled = 1"
                                                               " WHERE name = ?")
                                              : QStringLiteral("UPDATE users SET disabled = 0,"
                                                               " failed_logins = 0 WHERE name = ?"),
                                     {name}));
    return changed == 1;
}

Outcome<bool> StoreUsers::setPinHash(const QString& name, const QString& pinHash) {
    KPS_TRY_LET(changed,
                sql::change(store_.database_, QStringLiteral("reset PIN"),
                            QStringLiteral("UPDATE users SET pin_hash = ?, failed_logins = 0"
                                           " WHERE name = ?"),
                            {pinHash, name}));
    return changed == 1;
}

Done StoreUsers::lockRole(const QString& role) {
    return sql::exec(store_.database_, QStringLiteral("lock users"),
                     QStringLiteral("UPDATE users SET disabled = disabled WHERE role = ?"), {role});
}

Outcome<bool> StoreUsers::remove(const QString& name) {
    KPS_TRY_LET(changed, sql::change(store_.database_, QStringLiteral("remove user"),
                                     QStringLiteral("DELETE FROM users WHERE name = ?"), {name}));
    return changed == 1;
}

} // namespace kps::provisioning
