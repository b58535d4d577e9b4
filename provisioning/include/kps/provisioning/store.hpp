#pragma once
// The station's store: orders, endpoints with their wrapped secrets, master KCVs, key
// custody, users and the audit chain, one view per area (store_*.hpp, each implemented
// in the store_*.cpp of the same name). SQLite (WAL) by default; PostgreSQL (QPSQL) when several
// stations share one registry (docs/architecture.md, "Several stations, one
// registry"). One Store per thread (a Qt SQL connection belongs to the thread that
// opened it).
#include "kps/provisioning/ports/audit_signer.hpp"
#include "kps/provisioning/store_audit.hpp"
#include "kps/provisioning/store_custody.hpp"
#include "kps/provisioning/store_endpoints.hpp"
#include "kps/provisioning/store_orders.hpp"
#include "kps/provisioning/store_reports.hpp"
#include "kps/provisioning/store_users.hpp"

#include <QSqlDatabase>
#include <functional>

namespace kps::provisioning {

struct StoreLocation {
    QString driver = QStringLiteral("QSQLITE");
    QString database;    // file path for SQLite, database name for PostgreSQL
    bool durable = true; // SQLite synchronous=FULL; NORMAL when false (tests, benches)
    // PostgreSQL only. The password is never here: libpq reads it from `passwordFile`
    // (pgpass format, mode 0600), so it never passes through the station's strings.
    QString host;
    int port = 5432;
    QString user;
    QString passwordFile;
    /// The station writing through this store: its audit chain and the endpoint rows it
    /// owns carry this id. Empty for a station alone on its SQLite file.
    QString station;

    bool shared() const { return driver == QLatin1String("QPSQL"); }
    /// Where the store is, for messages (never a password).
    QString describe() const;
    /// Seals the audit chain with signed checkpoints; none without a signer.
    std::shared_ptr<AuditSigner> auditSigner;
    int checkpointEvery = kCheckpointEvery;
};

/// The station's store: its connection, its transactions, and one view per area.
class Store {
public:
    static Outcome<Store> open(const StoreLocation& location, const QString& connectionName);
    Store(Store&& other) noexcept;
    Store& operator=(Store&&) = delete;
    Store(const Store&) = delete;
    ~Store();

    int schemaVersion();
    /// Runs `work` in one transaction; commits if it succeeds, rolls back if not.
    Done inTransaction(const std::function<Done()>& work);
    /// Begins a writing transaction. SQLite: the write lock is taken up front (BEGIN
    /// IMMEDIATE), so a transaction never fails half-way on a lock another process
    /// holds; it waits for it (busy timeout) and tries kBeginAttempts times before a
    /// clear error. PostgreSQL: an ordinary BEGIN (row locks wait by themselves).
    Done beginWrite();
    static constexpr int kBeginAttempts = 3;
    static constexpr int kBusyTimeoutMs = 10'000; // SQLite's wait for a lock, per attempt
    const QString& station() const { return station_; }
    bool shared() const { return shared_; }

    StoreOrders orders() { return StoreOrders(*this); }
    StoreEndpoints endpoints() { return StoreEndpoints(*this); }
    StoreCustody custody() { return StoreCustody(*this); }
    StoreUsers users() { return StoreUsers(*this); }
    StoreAudit audit() { return StoreAudit(*this); }
    StoreReports reports() { return StoreReports(*this); }

    QSqlDatabase& database() { return database_; }

private:
    friend class StoreOrders;
    friend class StoreEndpoints;
    friend class StoreCustody;
    friend class StoreUsers;
    friend class StoreAudit;
    friend class StoreReports;
    Store(QSqlDatabase database, QString connectionName, QString station, bool shared);
    QSqlDatabase database_;
    QString connectionName_;
    QString station_;
    bool shared_ = false;
    std::shared_ptr<AuditSigner> auditSigner_;
    int checkpointEvery_ = kCheckpointEvery;
};

} // namespace kps::provisioning
