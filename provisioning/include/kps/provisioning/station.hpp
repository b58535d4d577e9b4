#pragma once
// The station as a whole, and the only door into the engine: its data directory, and
// one service per area (users, orders, line, custody, audit; station_*.hpp), each a
// facade over the station's HSM and store that checks the caller's role itself. The
// store and the vault are not reachable from outside provisioning.
// The layout of the data directory:
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
#include "kps/provisioning/ports/key_vault.hpp"
#include "kps/provisioning/station_audit.hpp"
#include "kps/provisioning/station_custody.hpp"
#include "kps/provisioning/station_line.hpp"
#include "kps/provisioning/station_orders.hpp"
#include "kps/provisioning/station_users.hpp"
#include "kps/provisioning/store.hpp"

#include <QDir>
#include <array>
#include <memory>

namespace kps::provisioning {

struct StationPaths {
    QString root;
    QString config() const;
    QString hsm() const;
    QString secrets() const;
    QString publicCertificates() const;
    QString signingCertificate() const; // public/station-signing.crt
    QString database() const;
    QString profiles() const;
    QString orders() const;
    QString exports() const;
    QString simulatedLine() const;
    QString locks() const;
    QString exportsOf(const QString& orderId) const;
};

/// A PIN the caller hands over: its value, or the file that holds it. Neither: the
/// station makes one (init) or reads the file its configuration names (open).
struct PinSource {
    std::optional<secure::SecretBytes> value;
    QString file;
    bool given() const { return value.has_value() || !file.isEmpty(); }
};

/// One of the first two key custodians, enrolled at `kps init` with the PIN they chose.
struct InitialCustodian {
    QString name;
    PinSource pin; // given by the custodian: the station never makes a custodian's PIN
};

struct InitOptions {
    QString dataDirectory;
    QString stationName = QStringLiteral("station-01");
    QString modulePath; // empty: SoftHSM2 as packaged
    QString tokenLabel = QStringLiteral("kps-station");
    QString actor;
    QString adminName = QStringLiteral("admin"); // the first user
    /// An initialised token named by RFC 7512 URI (network or hardware HSM), taken as
    /// it is instead of initialising a SoftHSM token; the user PIN must then be given.
    QString tokenUri;
    /// The store: SQLite in the data directory (default), or a shared PostgreSQL
    /// registry (driver QPSQL; `database` is then the database name).
    StoreLocation store;
    /// The token's PINs and the first user's: given, or made into secrets/*.pin.
    PinSource userPin;
    PinSource soPin;
    PinSource adminPin;
    /// The ceremony: the first two key custodians (enrolling a custodian later needs an
    /// administrator and an existing custodian). Required, two different names.
    std::vector<InitialCustodian> custodians;
    /// When the station makes the SO PIN (none given), it keeps it nowhere: its two
    /// shares (so_pin_shares.hpp) go to these files, one per custodian (default
    /// secrets/so-share-1.pin and -2.pin, to be taken away at once).
    std::array<QString, 2> soShareFiles;
};

/// `kps init --join OTHER`: another station on the same registry. It takes the first
/// station's HSM (the same token: the same SoftHSM token directory, or the same URI)
/// and store, under its own name; its public certificates are copied.
struct JoinOptions {
    QString dataDirectory;
    QString stationName;
};

class StationCore;

class Station {
public:
    static Done initialize(InitOptions options);
    /// One more station on the registry of `registry` (open), for an administrator of it
    /// (refused, and audited there, for anyone else).
    static Done join(const JoinOptions& options, Station& registry, const Principal& administrator);
    /// Opens the station of `dataDirectory`. The HSM user PIN is the one given, else the
    /// file station.json names; the station reads no environment.
    static Outcome<std::unique_ptr<Station>> open(const QString& dataDirectory,
                                                  PinSource userPin = {});
    Station(const Station&) = delete;
    Station& operator=(const Station&) = delete;
    ~Station();

    const StationPaths& paths() const;
    const QString& name() const;
    /// Whether the store is a registry several stations share (PostgreSQL).
    bool sharedRegistry() const;
    /// The station's certificates and HSM, as its signed files name them.
    const StationIdentity& identity() const;
    /// Signs with the station's key (exports, reports, destruction records).
    x509::Signer& signer();

    Users& users() { return *users_; }
    Orders& orders() { return *orders_; }
    Line& line() { return *line_; }
    Custody& custody() { return *custody_; }
    AuditTrail& audit() { return *audit_; }

private:
    friend struct StationInternals; // tests only: kps/provisioning/testing/station_internals.hpp
    Station();
    std::unique_ptr<StationCore> core_;
    std::unique_ptr<Users> users_;
    std::unique_ptr<Orders> orders_;
    std::unique_ptr<Line> line_;
    std::unique_ptr<Custody> custody_;
    std::unique_ptr<AuditTrail> audit_;
};

/// The store section of station.json (kps-station/1), paths relative to `root`.
StoreLocation storeLocationFrom(const QJsonObject& storeConfig, const QDir& root,
                                const QString& stationName);
/// The store section station.json gets for `location` (never a password).
QJsonObject storeConfigOf(const StoreLocation& location, const QString& databaseFile);

} // namespace kps::provisioning
