#pragma once
// Versioned schema migrations; the same statements serve SQLite and PostgreSQL.
#include <QStringList>
#include <vector>

namespace kps::provisioning::migrations {

struct Migration {
    int version;
    QStringList statements;
};

const std::vector<Migration>& all();

} // namespace kps::provisioning::migrations
