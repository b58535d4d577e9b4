#pragma once
// The station as a whole: its data directory, HSM, store and the operations of the
// command line (init, order add, run). The layout of the data directory:
//   station.json          configuration (kps-station/1)
//   hsm/                  SoftHSM2 configuration and token directory
//   secrets/              PIN files (0600, in a 0700 directory)
//   public/               station certificates (PEM)
//   kps.sqlite            the store
//   profiles/             site profiles (besides the built-in ones)
//   orders/ORDER/         registered order files as received
//   exports/ORDER/        listings, DM batches, reports
//   sim/                  the simulated line's archive of endpoints (training only)
//   locks/                one lock file per order a process works on (run, close)
#include "kps/provisioning/custody.hpp"
#include "kps/provisioning/line_run.hpp"
#include "kps/provisioning/order_lock.hpp"
#include "kps/provisioning/ports/key_vault.hpp"
#include "kps/provisioning/roles.hpp"
#include "kps/provisioning/store.hpp"
#include "kps/provisioning/vault_config.hpp"

#include <QDir>
#include <memory>

namespace kps::provisioning {

struct StationPaths {
    QString root;
    QString config() const;
    QString hsm() const;
    QString secrets() const;
    QString publicCertificates() const;
    QString database() const;
    QString profiles() const;
    QString orders() const;
    QString exports() const;
    QString simulatedLine() const;
    QString locks() const;
    QString exportsOf(const QString& orderId) const;
};

/// Progress of a long import (called on the importing thread).
class ImportObserver {
public:
    virtual ~ImportObserver() = default;
    virtual void progress(qint64 /*done*/, qint64 /*total*/) const {}
};

struct InitOptions {
    QString dataDirectory;
    QString stationName = QStringLiteral("station-01");
    QString modulePath; // empty: SoftHSM2 (or $KPS_PKCS11_MODULE)
    QString tokenLabel = QStringLiteral("kps-station");
    QString actor;
    QString adminName = QStringLiteral(
        "admin"); // first user; PIN from $KPS_LOGIN_PIN(_FILE), else secrets/admin.pin
    /// An initialised token named by RFC 7512 URI (network or hardware HSM), taken as
    /// it is instead of initialising a SoftHSM token; the user PIN must then be given.
    QString tokenUri;
    /// The store: SQLite in the data directory (default), or a shared PostgreSQL
    /// registry (driver QPSQL; `database` is then the database name).
    StoreLocation store;
};

/// `kps init --join OTHER`: another station on the same registry. It takes the first
/// station's HSM (the same token: the same SoftHSM token directory, or the same URI)
/// and store, under its own name; its public certificates are copied.
struct JoinOptions {
    QString dataDirectory;
    QString stationName;
    QString joinedDirectory; // a station of the registry, already initialised
    QString actor;
};

class Station {
public:
    static Done initialize(const InitOptions& options);
    static Done join(const JoinOptions& options);
    static Outcome<std::unique_ptr<Station>> open(const QString& dataDirectory);
    ~Station();

    const StationPaths& paths() const { return paths_; }
    const QString& name() const { return name_; }
    KeyVault& vault() { return *vault_; }
    Store& store() { return *store_; }
    StoreLocation storeLocation() const { return location_; }

    /// Checks a login (user name or badge) and PIN; audits success and failure.
    Outcome<Principal> authenticate(const QString& login, const secure::SecretBytes& pin);
    /// Refuses (and audits the refusal) unless the principal's role allows the action.
    Done require(const Principal& principal, Action action, const QString& subject);
    Done addUser(const Principal& by, const QString& name, Role role, const QString& badge,
                 const secure::SecretBytes& pin);

    Outcome<OrderRecord> addOrder(const Principal& by, const QString& orderFile);

    /// Checks an incoming file as completely as the command that takes it would, and
    /// writes nothing (no audit row either): the command line calls these before
    /// anyone logs in, so a bad file leaves the store and the token as they were.
    /// Key files are unwrapped into session objects only, their check values compared.
    Done checkOrderFile(const QString& orderFile);
    Done checkMastersFile(const QString& file);
    Done checkKeyListFile(const QString& file);
    Outcome<OrderRecord> order(const QString& orderId);
    /// Supervisors only: start (open -> running) or hold (running -> open) an order.
    /// Operators run only running orders; a closed order changes no more.
    Outcome<OrderRecord> changeOrderState(const Principal& by, const QString& orderId,
                                          OrderState to);
    /// One process at a time works on an order (run, close); refused while another does.
    Outcome<OrderLock> lockOrder(const QString& orderId);
    Outcome<Profile> profile(const QString& name);
    /// Runs the line for a running order (a supervisor may run an open one: that starts
    /// it). Recovers what an interrupted run left in progress first (line_run.hpp).
    Outcome<RunSummary> run(const Principal& by, const QString& orderId, const RunOptions& options,
                            JigRack& rack, RunObserver& observer, const std::atomic<bool>& cancel);
    Outcome<AuditEntry> audit(const QString& actor, const QString& event, const QString& subject,
                              const QJsonObject& detail);

    // Key custody (station_custody.cpp, station_imports.cpp)

    /// Dual control: two different users, both allowed the action (refusals audited).
    Outcome<DualControl> requireDualControl(const Principal& first, const Principal& second,
                                            Action action, const QString& subject);
    /// `kps masters import`: a kps-listing/1 (purpose masters) for a customer-masters
    /// order, signed by the order's customer and addressed to this station's import
    /// certificate. All or nothing: on any failure the token and the store are unchanged.
    Outcome<KeyImportSummary> importMasters(const Principal& first, const Principal& second,
                                            const QString& file);
    /// `kps keylist import`: a kps-listing/1 (purpose key-list) for a customer-list order.
    /// Each key is re-wrapped under the order's storage KEK into the store; all or nothing.
    Outcome<KeyImportSummary> importKeyList(const Principal& first, const Principal& second,
                                            const QString& file, const ImportObserver& observer,
                                            const std::atomic<bool>& cancel);
    /// Destroys every token object of the order and proves it by a search. Orders
    /// whose keys came from the customer need two custodians (`kps destroy`); the
    /// others are destroyed by the supervisor who closes them. The record is then
    /// signed and filed by the caller, and recorded with recordDestruction().
    Outcome<DestructionRecord> destroyCustomerKeys(const Principal& first, const Principal& second,
                                                   const QString& orderId);
    Outcome<DestructionRecord> destroyKeysAtClose(const Principal& supervisor,
                                                  const QString& orderId);
    Done recordDestruction(const DestructionRecord& record, const QString& file,
                           const QString& sha256, const QString& actor);
    /// Whether the order's keys were destroyed (and the record filed).
    Outcome<bool> keysDestroyed(const QString& orderId);
    /// Refuses to run an order whose keys are missing or destroyed.
    Done checkKeysReady(const OrderRecord& record);
    /// The MANUF masters for an evaluation customer (dual control and the SO PIN).
    Outcome<EvalKitKeys> exportEvalKit(const Principal& first, const Principal& second,
                                       const x509::CertificateInfo& recipient,
                                       const secure::SecretBytes& soPin);

private:
    Station() = default;
    StationPaths paths_;
    QString name_;
    StoreLocation location_;
    std::unique_ptr<KeyVault> vault_;
    std::unique_ptr<Store> store_;
};

/// The user PIN: $KPS_USER_PIN (then removed from the environment), the file named
/// by $KPS_USER_PIN_FILE, or the station's configured PIN file.
Outcome<secure::SecretBytes> userPin(const QString& configuredFile);

/// The store section of station.json (kps-station/1), paths relative to `root`.
StoreLocation storeLocationFrom(const QJsonObject& storeConfig, const QDir& root,
                                const QString& stationName);
/// The store section station.json gets for `location` (never a password).
QJsonObject storeConfigOf(const StoreLocation& location, const QString& databaseFile);

} // namespace kps::provisioning
