#pragma once
// A prepared statement that reports failures as provisioning errors with context.
#include "kps/provisioning/error.hpp"
#include "kps/provisioning/secret_role.hpp"
#include "statement_cache.hpp"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <initializer_list>
#include <iterator>
#include <utility>

namespace kps::provisioning::sql {

/// What a failed statement tells about its cause, beyond its text.
enum class StoreFault {
    Busy,     // another connection holds the write lock (SQLite BUSY or LOCKED)
    DiskFull, // SQLite FULL, PostgreSQL disk_full (53100)
    Other,
};

inline StoreFault storeFaultOf(const QSqlError& error) {
    const QString native = error.nativeErrorCode();
    if (native == QLatin1String("53100"))
        return StoreFault::DiskFull;
    bool number = false;
    const int primary = native.toInt(&number) & 0xff; // extended codes keep it in the low byte
    if (number && (primary == 5 || primary == 6))     // SQLITE_BUSY, SQLITE_LOCKED
        return StoreFault::Busy;
    if (number && primary == 13) // SQLITE_FULL
        return StoreFault::DiskFull;
    return StoreFault::Other;
}

inline tl::unexpected<Error> storeError(const QString& what, const QSqlError& error) {
    if (storeFaultOf(error) == StoreFault::DiskFull)
        return failure(ErrorKind::Store, what, QStringLiteral("database"),
                       QStringLiteral("disk full (%1)").arg(error.text()),
                       QStringLiteral("Free space on the disk of the station's data directory; "
                                      "nothing was lost: run the command again"));
    return failure(
        ErrorKind::Store, what, QStringLiteral("database"), error.text(),
        QStringLiteral(
            "Check the disk and the database; the station stopped before changing anything else"));
}

/// A secret's role as the store keeps it (by its name); a name the station does not know
/// is a failure of the store, never some default role.
inline Outcome<SecretRole> secretRole(const QVariant& value) {
    if (const auto role = secretRoleFrom(value.toString()))
        return *role;
    return failure(ErrorKind::Store, QStringLiteral("read secret"), QStringLiteral("database"),
                   QStringLiteral("\"%1\" is no secret role").arg(value.toString()),
                   QStringLiteral("Run kps audit verify and check the database"));
}

/// Text that is never bound as NULL: Qt SQL binds a null QString as NULL, and columns
/// such as `station` hold '' (a lone SQLite station), never NULL.
inline QString text(const QString& value) {
    return value.isNull() ? QStringLiteral("") : value;
}

/// The result of one statement: either a cached statement lent out (finished and given
/// back when this goes) or a query of its own. Reads like a QSqlQuery.
class Rows {
public:
    explicit Rows(QSqlQuery own)
        : own_(std::move(own)) {}
    explicit Rows(StatementCache::Entry& lent)
        : lent_(&lent) {
        lent.lent = true;
    }
    Rows(Rows&& other) noexcept
        : own_(std::move(other.own_))
        , lent_(std::exchange(other.lent_, nullptr)) {}
    Rows& operator=(Rows&&) = delete;
    Rows(const Rows&) = delete;
    ~Rows() {
        if (!lent_)
            return;
        lent_->query.finish();
        lent_->lent = false;
    }

    QSqlQuery& query() { return lent_ ? lent_->query : own_; }
    operator QSqlQuery&() { return query(); }
    bool next() { return query().next(); }
    QVariant value(int column) const {
        return lent_ ? lent_->query.value(column) : own_.value(column);
    }
    int numRowsAffected() { return query().numRowsAffected(); }
    void finish() { query().finish(); }

private:
    QSqlQuery own_;
    StatementCache::Entry* lent_ = nullptr;
};

template <class Values>
inline Outcome<Rows> runOwn(QSqlDatabase& database, const QString& what, const QString& statement,
                            const Values& values) {
    QSqlQuery query(database);
    query.setForwardOnly(true);
    if (std::empty(values)) { // Qt's PostgreSQL driver cannot PREPARE DDL or BEGIN/COMMIT
        if (!query.exec(statement))
            return storeError(what, query.lastError());
        return Rows(std::move(query));
    }
    if (!query.prepare(statement))
        return storeError(what, query.lastError());
    for (const QVariant& value : values)
        query.addBindValue(value);
    if (!query.exec())
        return storeError(what, query.lastError());
    return Rows(std::move(query));
}

/// Executes `statement` with positional values, through the connection's statement cache
/// when it has values (statements without values run directly).
template <class Values>
inline Outcome<Rows> runWith(QSqlDatabase& database, const QString& what, const QString& statement,
                             const Values& values) {
    StatementCache* cache = std::empty(values) ? nullptr : StatementCache::of(database);
    QSqlError prepareError;
    StatementCache::Entry* entry =
        cache ? cache->borrow(database, statement, prepareError) : nullptr;
    if (prepareError.isValid())
        return storeError(what, prepareError);
    if (!entry)
        return runOwn(database, what, statement, values);
    int position = 0;
    for (const QVariant& value : values)
        entry->query.bindValue(position++, value);
    if (!entry->query.exec()) {
        auto error = storeError(what, entry->query.lastError());
        cache->forget(statement);
        return error;
    }
    return Rows(*entry);
}

inline Outcome<Rows> run(QSqlDatabase& database, const QString& what, const QString& statement,
                         std::initializer_list<QVariant> values = {}) {
    return runWith(database, what, statement, values);
}

/// Runs a statement whose rows nobody reads (INSERT, UPDATE, SELECT ... FOR UPDATE) and
/// returns how many rows it changed.
inline Outcome<int> change(QSqlDatabase& database, const QString& what, const QString& statement,
                           std::initializer_list<QVariant> values) {
    KPS_TRY_LET(rows, run(database, what, statement, values));
    return rows.numRowsAffected();
}

inline Done exec(QSqlDatabase& database, const QString& what, const QString& statement,
                 std::initializer_list<QVariant> values = {}) {
    KPS_TRY(change(database, what, statement, values));
    return {};
}

} // namespace kps::provisioning::sql
