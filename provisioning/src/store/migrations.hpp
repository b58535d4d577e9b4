#pragma once
// Versioned schema migrations; the same statements serve SQLite and PostgreSQL.
// A migration whose statements depend on the schema it finds (a table rebuilt with
// every column earlier migrations gave it) generates them when it runs.
#include "kps/provisioning/error.hpp"

#include <QSqlDatabase>
#include <QStringList>
#include <functional>
#include <vector>

namespace kps::provisioning::migrations {

struct Migration {
    int version;
    QStringList statements;
    std::function<Outcome<QStringList>(QSqlDatabase&)> generate = {};
};

const std::vector<Migration>& all();

/// Version 4 (provisioning engine): endpoints keyed by (order, address) so a re-keying
/// order can hold rows for addresses produced earlier, and the key history.
Outcome<QStringList> engineMigration(QSqlDatabase& database);

/// Version 7 (several stations, one registry): station columns; on PostgreSQL the audit
/// sequence and the quantity trigger (migration_registry.cpp).
Outcome<QStringList> registryMigration(QSqlDatabase& database);

} // namespace kps::provisioning::migrations
