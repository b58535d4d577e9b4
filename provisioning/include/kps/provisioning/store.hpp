#pragma once
// The station's store: orders, endpoints with their wrapped secrets, master KCVs
// and the audit chain. SQLite (WAL) by default. One Store per thread (a Qt SQL
// connection belongs to the thread that opened it).
#include "kps/provisioning/audit.hpp"
#include "kps/provisioning/custody.hpp"
#include "kps/provisioning/records.hpp"
#include "kps/provisioning/roles.hpp"

#include <QSqlDatabase>
#include <functional>

namespace kps::provisioning {

struct StoreLocation {
    QString driver = QStringLiteral("QSQLITE");
    QString database;    // file path for SQLite
    bool durable = true; // SQLite synchronous=FULL; NORMAL when false (tests, benches)
};

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

    // Orders
    Done insertOrder(const OrderRecord& record);
    Outcome<std::optional<OrderRecord>> order(const QString& id);
    Outcome<QStringList> orderIds();
    Done setOrderState(const QString& id, OrderState state, const QDateTime& at);

    // Endpoints (write-ahead: reserve, then secrets + injecting, then the result)
    Outcome<Reservation> reserve(const Order& order, int slot, const QDateTime& at);
    Done recordSecrets(const QString& address, const std::vector<SecretRow>& secrets,
                       const QString& uniqueId);
    Done finishEndpoint(const QString& address, EndpointState state, const QString& reason,
                        qint64 cycleMs, const QDateTime& at);
    Outcome<std::optional<EndpointRow>> endpoint(const QString& address);
    /// Streams the order's endpoints in index order, with their secrets.
    Done forEachEndpoint(const QString& orderId, std::optional<EndpointState> only,
                         const std::function<Done(const EndpointRow&)>& visit);
    Outcome<std::vector<std::pair<QString, int>>> failureReasons(const QString& orderId);
    /// Cycle times (ms) of the order's verified endpoints, ascending.
    Outcome<std::vector<qint64>> cycleTimes(const QString& orderId);
    /// Endpoints of the order still reserved or injecting.
    Outcome<qint64> inProgress(const QString& orderId);
    /// Everyone who appears in the audit chain for this order.
    Outcome<QStringList> actorsFor(const QString& orderId);

    // Masters known to the station (KCVs only)
    Done recordMaster(const QString& orderId, const QString& name, const QString& label,
                      const QString& kcv, const QDateTime& at);
    Outcome<std::vector<std::pair<QString, QString>>> masters(const QString& orderId);

    // Key custody (store_custody.cpp): token objects by label and KCV, imports,
    // listed secrets (wrapped under the order's storage KEK), destructions
    Done recordCustody(const QString& orderId, const CustodyObject& object, const QString& by);
    Outcome<std::vector<CustodyObject>> custodyObjects(const QString& orderId);
    Done markCustodyDestroyed(const QString& orderId, const QDateTime& at);
    Done recordImport(const KeyImportSummary& summary, const DualControl& custodians,
                      const QDateTime& at);
    /// How many files of this purpose were imported for the order.
    Outcome<qint64> importCount(const QString& orderId, const QString& purpose);
    Outcome<bool> imported(const QString& orderId, const QString& purpose,
                           const QString& fileSha256);
    Done insertListedSecrets(const QString& orderId, const QString& address,
                             const std::vector<SecretRow>& secrets);
    Outcome<std::vector<SecretRow>> listedSecrets(const QString& orderId, const QString& address);
    Outcome<QStringList> listedAddresses(const QString& orderId);
    Done recordDestruction(const DestructionRecord& record, const QString& file,
                           const QString& sha256);
    /// The order's destruction (time, file, SHA-256), if its keys were destroyed.
    Outcome<std::optional<QJsonObject>> destruction(const QString& orderId);

    // Users (login PINs as Argon2id hashes only)
    Done insertUser(const UserRow& user, const QDateTime& at, const QString& createdBy);
    Outcome<std::optional<UserRow>> userByLogin(const QString& nameOrBadge);
    Outcome<std::vector<UserRow>> users();
    /// Counts a failed login (the user is disabled after kMaxFailedLogins) or clears the count.
    Done recordLogin(const QString& name, bool succeeded);

    // Audit chain
    Outcome<AuditEntry> appendAudit(const QString& actor, const QString& event,
                                    const QString& subject, const QJsonObject& detail,
                                    const QDateTime& at);
    Outcome<AuditEntry> auditHead();
    Done forEachAudit(const std::function<Done(const AuditEntry&)>& visit);

    QSqlDatabase& database() { return database_; }

private:
    Store(QSqlDatabase database, QString connectionName);
    Outcome<std::uint32_t> nextFreeIndex(const Order& order, std::uint32_t from);
    QSqlDatabase database_;
    QString connectionName_;
};

} // namespace kps::provisioning
