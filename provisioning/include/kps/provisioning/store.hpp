#pragma once
// The station's store: orders, endpoints with their wrapped secrets, master KCVs
// and the audit chain. SQLite (WAL) by default; PostgreSQL (QPSQL) when several
// stations share one registry (docs/architecture.md, "Several stations, one
// registry"). One Store per thread (a Qt SQL connection belongs to the thread that
// opened it).
#include "kps/provisioning/audit.hpp"
#include "kps/provisioning/custody.hpp"
#include "kps/provisioning/ports/audit_signer.hpp"
#include "kps/provisioning/records.hpp"
#include "kps/provisioning/roles.hpp"

#include <QSqlDatabase>
#include <functional>

namespace kps::provisioning {

struct StationCount {
    QString station;
    qint64 verified = 0;
    qint64 failed = 0;
};

/// How the units of an order ended (a unit is one MCU unique ID, or one address
/// where the failure came before the ID was read).
struct UnitOutcomes {
    qint64 scrapped = 0; // failed and never verified
    qint64 reworked = 0; // failed at least once, then verified
    qint64 retried = 0;  // finished endpoints that took more than one attempt
    qint64 retries = 0;  // their attempts beyond the first
};

/// Endpoints finished in one stretch of an order, in finishing order.
struct FinishedStretch {
    qint64 first = 0; // 1-based position of the stretch's first endpoint
    qint64 verified = 0;
    qint64 failed = 0;
};

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

    // Endpoints (write-ahead: claim, then secrets + 'injecting', then the result). An
    // address has one row per order; a new endpoint's address is never issued twice.
    /// Decides what happens to the endpoint a slot has attached, by its unique ID: its
    /// unfinished row of this order is resumed (and moves to this slot), or the next free
    /// address (new production) or its own listed address (re-keying) is reserved as a
    /// row 'reserved', within the order's quantity. See ClaimKind.
    /// A locked endpoint (provisioned before) gets no new row: it can only finish a
    /// row it holds already.
    Outcome<Claim> claim(const Order& order, int slot, const QString& uniqueId, bool locked,
                         const QDateTime& at);
    /// Rows of the order left unfinished in `slot` whose endpoint is no longer in that
    /// socket (`present`: the unique ID there now, empty if none) become
    /// failed('interrupted'), each audited. Returns their addresses.
    Outcome<QStringList> failInterrupted(const QString& orderId, int slot, const QString& present,
                                         const QString& actor, const QDateTime& at);
    Done recordSecrets(const QString& orderId, const QString& address,
                       const std::vector<SecretRow>& secrets);
    Done finishEndpoint(const QString& orderId, const QString& address, EndpointState state,
                        const QString& reason, int attempts, qint64 cycleMs, const QDateTime& at);
    /// The firmware image (SHA-256 of its file) a verified endpoint was programmed with.
    Done recordFirmware(const QString& orderId, const QString& address, const QString& sha256);
    /// Verified endpoints per firmware image, most first; empty without firmware.
    Outcome<std::vector<std::pair<QString, qint64>>> firmwareCounts(const QString& orderId);
    /// The image an endpoint holds ("" when none was programmed).
    Outcome<QString> endpointFirmware(const QString& orderId, const QString& address);
    Outcome<std::optional<EndpointRow>> endpoint(const QString& orderId, const QString& address);
    /// Every row an address has had, oldest first (production, then re-keying orders).
    Outcome<std::vector<EndpointRow>> endpointHistory(const QString& address);
    /// Streams the order's endpoints in index order, with their secrets.
    Done forEachEndpoint(const QString& orderId, std::optional<EndpointState> only,
                         const std::function<Done(const EndpointRow&)>& visit);
    /// The order's rows still reserved or injecting, with their secrets.
    Outcome<std::vector<EndpointRow>> unfinished(const QString& orderId);
    /// KCVs of the keys that re-keying orders replaced at this address.
    Outcome<std::vector<KeyHistoryRow>> keyHistory(const QString& address);
    /// Streams only what an export needs (address, index, secrets) of the order's
    /// endpoints in one state, in index order (store_exports.cpp).
    Done forEachEndpointSecrets(const QString& orderId, EndpointState state,
                                const std::function<Done(const EndpointRow&)>& visit);
    Outcome<std::vector<std::pair<QString, int>>> failureReasons(const QString& orderId);
    /// Cycle times (ms) of the order's verified endpoints, ascending.
    Outcome<std::vector<qint64>> cycleTimes(const QString& orderId);
    /// Endpoints of the order still reserved or injecting.
    Outcome<qint64> inProgress(const QString& orderId);
    /// Per station (shared registry): verified and failed endpoints of the order.
    Outcome<std::vector<StationCount>> stationCounts(const QString& orderId);
    /// Everyone who appears in the audit chain for this order.
    Outcome<QStringList> actorsFor(const QString& orderId);

    // Masters known to the station (KCVs only)
    Done recordMaster(const QString& orderId, const QString& name, const QString& label,
                      const QString& kcv, const QDateTime& at);
    Outcome<std::vector<std::pair<QString, QString>>> masters(const QString& orderId);
    /// The KCV recorded for the master with this token label (store_exports.cpp).
    Outcome<std::optional<QString>> masterKcv(const QString& label);

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
    /// The head of this station's chain (StoreLocation::station).
    Outcome<AuditEntry> auditHead();
    Outcome<AuditEntry> auditHeadOf(const QString& station);
    /// Every row of every station, in the order they were written (seq).
    Done forEachAudit(const std::function<Done(const AuditEntry&)>& visit);
    /// One station's chain, oldest first.
    Done forEachAuditOf(const QString& station,
                        const std::function<Done(const AuditEntry&)>& visit);
    /// The stations that have a chain in this store ("" for a lone SQLite station).
    Outcome<QStringList> auditStations();
    const QString& station() const { return station_; }
    bool shared() const { return shared_; }

    // Audit checkpoints (store_checkpoints.cpp)
    /// Signs the head of the chain now (call inside the transaction that wrote it);
    /// returns the head's existing checkpoint if it has one.
    Outcome<AuditCheckpoint> checkpoint(const QString& reason);
    Done forEachCheckpoint(const std::function<Done(const AuditCheckpoint&)>& visit);
    /// The checkpoint that seals the last row of `event` about `subject` (order close).
    Outcome<std::optional<AuditCheckpoint>> checkpointOf(const QString& event,
                                                         const QString& subject);

    // Reports (store_report.cpp)
    Outcome<UnitOutcomes> unitOutcomes(const QString& orderId);
    /// The order's finished endpoints in about `stretches` equal stretches.
    Outcome<std::vector<FinishedStretch>> yieldSeries(const QString& orderId, int stretches);
    /// Audit rows whose subject is `subject` (an order's own events), up to row `upTo`.
    Outcome<std::vector<AuditEntry>> auditOf(const QString& subject, qint64 upTo);
    /// Id and role of each key with a KCV in the order's endpoints (its first endpoint).
    Outcome<std::vector<std::pair<int, QString>>> kcvColumns(const QString& orderId);

    QSqlDatabase& database() { return database_; }

private:
    Store(QSqlDatabase database, QString connectionName, QString station, bool shared);
    Done lockOrderRow(const QString& orderId);
    Done sealIfDue(const AuditEntry& entry);
    Outcome<AuditCheckpoint> insertCheckpoint(const AuditEntry& entry, const QString& reason);
    Outcome<std::uint32_t> nextFreeIndex(const Order& order, std::uint32_t from);
    Outcome<std::vector<EndpointRow>> endpointsWhere(const QString& condition,
                                                     const QVariantList& values);
    Outcome<Claim> reserveNew(const Order& order, int slot, const QString& uniqueId,
                              const QDateTime& at);
    Outcome<Claim> reserveRekey(const Order& order, int slot, const QString& uniqueId,
                                const QDateTime& at);
    Done insertReserved(const Order& order, const Reservation& reservation, bool rekey, int slot,
                        const QString& uniqueId, const QDateTime& at);
    QSqlDatabase database_;
    QString connectionName_;
    QString station_;
    bool shared_ = false;
    std::shared_ptr<AuditSigner> auditSigner_;
    int checkpointEvery_ = kCheckpointEvery;
};

} // namespace kps::provisioning
