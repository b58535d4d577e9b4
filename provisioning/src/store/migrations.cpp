#include "migrations.hpp"

namespace kps::provisioning::migrations {

// Binary values (wrapped keys, certificates) are stored as base64 text so one
// schema fits both engines. No column ever holds a key value.
const std::vector<Migration>& all() {
    static const std::vector<Migration> list = {
        {1,
         {QStringLiteral("CREATE TABLE orders ("
                         " id TEXT PRIMARY KEY,"
                         " state TEXT NOT NULL CHECK (state IN ('open','running','closed')),"
                         " customer_name TEXT NOT NULL, customer_certificate TEXT NOT NULL,"
                         " headend_name TEXT NOT NULL, headend_certificate TEXT NOT NULL, "
                         "headend_dm TEXT NOT NULL,"
                         " profile TEXT NOT NULL, key_source TEXT NOT NULL,"
                         " quantity BIGINT NOT NULL CHECK (quantity > 0),"
                         " issued BIGINT NOT NULL DEFAULT 0, active BIGINT NOT NULL DEFAULT 0,"
                         " verified BIGINT NOT NULL DEFAULT 0, failed BIGINT NOT NULL DEFAULT 0,"
                         " customer_kek TEXT NOT NULL, customer_kek_wrap TEXT NOT NULL, "
                         "customer_kek_kcv TEXT NOT NULL,"
                         " headend_kek TEXT NOT NULL, headend_kek_wrap TEXT NOT NULL, "
                         "headend_kek_kcv TEXT NOT NULL,"
                         " order_document TEXT NOT NULL, created TEXT NOT NULL, closed TEXT,"
                         " CHECK (verified <= quantity), CHECK (active <= quantity))"),
          QStringLiteral(
              "CREATE TABLE endpoints ("
              " address TEXT PRIMARY KEY,"
              " order_id TEXT NOT NULL REFERENCES orders(id),"
              " idx BIGINT NOT NULL,"
              " state TEXT NOT NULL CHECK (state IN ('reserved','injecting','verified','failed')),"
              " reason TEXT, slot INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,"
              " unique_id TEXT, reserved_at TEXT NOT NULL, finished_at TEXT, cycle_ms BIGINT,"
              " UNIQUE (order_id, idx))"),
          QStringLiteral("CREATE INDEX endpoints_by_state ON endpoints(order_id, state)"),
          QStringLiteral(
              "CREATE TABLE endpoint_secrets ("
              " address TEXT NOT NULL REFERENCES endpoints(address),"
              " secret_id INTEGER NOT NULL, role TEXT NOT NULL, version INTEGER NOT NULL,"
              " kcv TEXT, customer_wrapped TEXT NOT NULL, headend_wrapped TEXT,"
              " PRIMARY KEY (address, secret_id, version))"),
          QStringLiteral(
              "CREATE TABLE masters ("
              " order_id TEXT NOT NULL, name TEXT NOT NULL, label TEXT NOT NULL, kcv TEXT NOT NULL,"
              " recorded_at TEXT NOT NULL, destroyed_at TEXT,"
              " PRIMARY KEY (order_id, name))"),
          QStringLiteral(
              "CREATE TABLE audit ("
              " seq BIGINT PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, event TEXT NOT NULL,"
              " subject TEXT NOT NULL, detail TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT "
              "NULL)"),
          QStringLiteral(
              "CREATE TABLE audit_checkpoints ("
              " seq BIGINT PRIMARY KEY REFERENCES audit(seq), hash TEXT NOT NULL,"
              " signature TEXT NOT NULL, signer_sha256 TEXT NOT NULL, at TEXT NOT NULL)")}},
        {2,
         {QStringLiteral(
             "CREATE TABLE users ("
             " name TEXT PRIMARY KEY, role TEXT NOT NULL"
             " CHECK (role IN ('operator','supervisor','custodian','auditor','admin')),"
             " badge TEXT UNIQUE, pin_hash TEXT NOT NULL, created TEXT NOT NULL, created_by TEXT "
             "NOT NULL,"
             " failed_logins INTEGER NOT NULL DEFAULT 0, disabled INTEGER NOT NULL DEFAULT 0)")}},
        // 3: key custody. Every token object the station keeps for an order (KEKs,
        // customer masters) with its KCV, until it is destroyed; the imports the key
        // custodians made; customer key lists re-wrapped under the order's storage KEK
        // (never one token object per endpoint); a storage copy of each random or
        // listed secret, so a retry injects the same value; the signed destruction.
        {3,
         {QStringLiteral("CREATE TABLE custody_objects ("
                         " label TEXT PRIMARY KEY, order_id TEXT NOT NULL, kind TEXT NOT NULL"
                         " CHECK (kind IN ('customer-kek','headend-kek','storage-kek','master')),"
                         " kcv TEXT NOT NULL, created_at TEXT NOT NULL, created_by TEXT NOT NULL,"
                         " destroyed_at TEXT)"),
          QStringLiteral("CREATE INDEX custody_by_order ON custody_objects(order_id)"),
          QStringLiteral("CREATE TABLE key_imports ("
                         " order_id TEXT NOT NULL, purpose TEXT NOT NULL"
                         " CHECK (purpose IN ('masters','key-list')),"
                         " file_sha256 TEXT NOT NULL, first_custodian TEXT NOT NULL,"
                         " second_custodian TEXT NOT NULL, items BIGINT NOT NULL,"
                         " imported_at TEXT NOT NULL,"
                         " PRIMARY KEY (order_id, purpose, file_sha256),"
                         " CHECK (first_custodian <> second_custodian))"),
          QStringLiteral("CREATE TABLE listed_secrets ("
                         " order_id TEXT NOT NULL, address TEXT NOT NULL,"
                         " secret_id INTEGER NOT NULL, role TEXT NOT NULL, version INTEGER NOT "
                         "NULL,"
                         " kcv TEXT, storage_wrapped TEXT NOT NULL,"
                         " PRIMARY KEY (order_id, address, secret_id, version))"),
          QStringLiteral("ALTER TABLE endpoint_secrets ADD COLUMN storage_wrapped TEXT"),
          QStringLiteral("CREATE TABLE destructions ("
                         " order_id TEXT PRIMARY KEY, destroyed_at TEXT NOT NULL,"
                         " first_custodian TEXT, second_custodian TEXT, closed_by TEXT,"
                         " objects BIGINT NOT NULL, record_file TEXT NOT NULL,"
                         " record_sha256 TEXT NOT NULL)")}},
        // 4: provisioning engine (migration_engine.cpp): endpoints keyed by (order,
        // address) so re-keying orders reuse produced addresses; the key history.
        {4, {}, &engineMigration},
        // 5: exports and audit checkpoints. Why each checkpoint was signed, and the
        // report's look-ups of an order's events by subject.
        {5,
         {QStringLiteral("ALTER TABLE audit_checkpoints"
                         " ADD COLUMN reason TEXT NOT NULL DEFAULT 'interval'"),
          QStringLiteral("CREATE INDEX audit_by_subject ON audit(subject, event)")}},
        // 6 (operator GUI): alarms of the line that a supervisor acknowledges.
        {6,
         {QStringLiteral("CREATE TABLE alarms ("
                         " id BIGINT PRIMARY KEY, kind TEXT NOT NULL"
                         " CHECK (kind IN ('hsm','jig','quota','store','line')),"
                         " order_id TEXT, slot INTEGER NOT NULL DEFAULT 0, message TEXT NOT NULL,"
                         " raised_at TEXT NOT NULL, raised_by TEXT NOT NULL,"
                         " acknowledged_at TEXT, acknowledged_by TEXT, note TEXT)"),
          QStringLiteral("CREATE INDEX alarms_open ON alarms(acknowledged_at)")}},
        // 7: several stations, one registry (migration_registry.cpp): the station that
        // owns each endpoint row and audit row; on PostgreSQL the audit sequence and
        // the trigger that holds every order to its quantity.
        {7, {}, &registryMigration},
        // 10 (real targets): the firmware image each endpoint was programmed with.
        {10, {QStringLiteral("ALTER TABLE endpoints ADD COLUMN firmware_sha256 TEXT")}},
        // 11: the profile pinned to each order at `order add`: its bytes (base64), their
        // SHA-256 and where it was read (its folder holds the firmware image).
        {11,
         {QStringLiteral("CREATE TABLE order_profiles (order_id TEXT PRIMARY KEY,"
                         " name TEXT NOT NULL, path TEXT NOT NULL, sha256 TEXT NOT NULL,"
                         " document TEXT NOT NULL)")}},
        // Versions reserved for work in progress: 8 hardening. Keep the list in version
        // order (migrate() applies each version a store has not recorded, whatever landed
        // first).
    };
    return list;
}

} // namespace kps::provisioning::migrations
