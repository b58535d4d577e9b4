#pragma once
// A prepared statement that reports failures as provisioning errors with context.
#include "kps/provisioning/error.hpp"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <initializer_list>
#include <iterator>

namespace kps::provisioning::sql {

inline tl::unexpected<Error> storeError(const QString& what, const QSqlError& error) {
    return failure(
        ErrorKind::Store, what, QStringLiteral("database"), error.text(),
        QStringLiteral(
            "Check the disk and the database; the station stopped before changing anything else"));
}

/// Text that is never bound as NULL: Qt SQL binds a null QString as NULL, and columns
/// such as `station` hold '' (a lone SQLite station), never NULL.
inline QString text(const QString& value) {
    return value.isNull() ? QStringLiteral("") : value;
}

/// Prepares and executes `statement` with positional values. Without values it is
/// executed directly: Qt's PostgreSQL driver prepares with SQL PREPARE, which takes
/// only SELECT, INSERT, UPDATE, DELETE and VALUES (no DDL, no transaction control).
template <class Values>
inline Outcome<QSqlQuery> runWith(QSqlDatabase& database, const QString& what,
                                  const QString& statement, const Values& values) {
    QSqlQuery query(database);
    query.setForwardOnly(true);
    if (std::empty(values)) {
        if (!query.exec(statement))
            return storeError(what, query.lastError());
        return query;
    }
    if (!query.prepare(statement))
        return storeError(what, query.lastError());
    for (const QVariant& value : values)
        query.addBindValue(value);
    if (!query.exec())
        return storeError(what, query.lastError());
    return query;
}

inline Outcome<QSqlQuery> run(QSqlDatabase& database, const QString& what, const QString& statement,
                              std::initializer_list<QVariant> values = {}) {
    return runWith(database, what, statement, values);
}

inline Done exec(QSqlDatabase& database, const QString& what, const QString& statement,
                 std::initializer_list<QVariant> values = {}) {
    auto query = run(database, what, statement, values);
    if (!query)
        return tl::unexpected(query.error());
    return {};
}

} // namespace kps::provisioning::sql
