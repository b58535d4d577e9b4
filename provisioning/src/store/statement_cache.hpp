#pragma once
// Prepared statements kept per connection, so the hot path does not make SQLite parse and
// plan (or PostgreSQL PREPARE and DEALLOCATE) the same text for every endpoint. The cache
// is a child of the connection's driver: it lives exactly as long as the connection, on
// the connection's thread. A statement is lent to one user at a time and finished when
// it comes back, so no cursor holds a read snapshot open between uses.
#include <QObject>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <unordered_map>

namespace kps::provisioning::sql {

class StatementCache final : public QObject {
public:
    struct Entry {
        QSqlQuery query;
        bool lent = false;
    };

    /// The cache of `database`'s connection, made on first use; null when the caller is
    /// not on the connection's thread (then nothing is cached).
    static StatementCache* of(QSqlDatabase& database) {
        QSqlDriver* driver = database.driver();
        if (!driver || driver->thread() != QThread::currentThread())
            return nullptr;
        if (auto* found = driver->findChild<QObject*>(kName, Qt::FindDirectChildrenOnly))
            return static_cast<StatementCache*>(found);
        return new StatementCache(driver);
    }

    /// Finalises the connection's cached statements; call before closing it.
    static void drop(QSqlDatabase& database) {
        if (QSqlDriver* driver = database.driver())
            delete driver->findChild<QObject*>(kName, Qt::FindDirectChildrenOnly);
    }

    /// The prepared entry for `statement`, prepared now if it is new. Null when it is
    /// lent out already (a nested use of the same text) or the cache is full: the caller
    /// prepares a query of its own. Null with `error` set when preparing failed.
    Entry* borrow(QSqlDatabase& database, const QString& statement, QSqlError& error) {
        if (auto known = entries_.find(statement); known != entries_.end())
            return known->second.lent ? nullptr : &known->second;
        if (entries_.size() >= kMaxStatements) // statements built with values: not kept
            return nullptr;
        QSqlQuery query(database);
        query.setForwardOnly(true);
        if (!query.prepare(statement)) {
            error = query.lastError();
            return nullptr;
        }
        return &entries_.emplace(statement, Entry{std::move(query), false}).first->second;
    }

    std::size_t size() const { return entries_.size(); }

    /// Forgets a statement whose execution failed: its state is not trusted again.
    void forget(const QString& statement) { entries_.erase(statement); }

private:
    static constexpr std::size_t kMaxStatements = 256;
    static inline const QString kName = QStringLiteral("kps-statement-cache");

    explicit StatementCache(QObject* driver)
        : QObject(driver) {
        setObjectName(kName);
    }

    std::unordered_map<QString, Entry> entries_;
};

} // namespace kps::provisioning::sql
