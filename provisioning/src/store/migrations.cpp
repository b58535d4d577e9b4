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
        // Versions reserved for work in progress: 3 key custody (imports, destruction),
        // 4 provisioning engine, 5 exports and audit checkpoints, 6 operator GUI,
        // 7 shared registry. Add a new one at the end.
    };
    return list;
}

} // namespace kps::provisioning::migrations
