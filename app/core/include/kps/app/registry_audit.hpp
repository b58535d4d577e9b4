#pragma once
// Audit on a shared registry (several stations, one PostgreSQL store): every station
// has its own chain (rows of its `station`, each linked to the previous one of the
// same station). `kps audit verify` checks each chain; `kps audit show --order` gives
// the merged view of one order (every station's rows about it, in seq order).
#include "kps/app/outcome.hpp"
#include "kps/provisioning/store.hpp"

#include <vector>

namespace kps::app {

struct ChainVerification {
    QString station;
    qint64 rows = 0;
    bool intact = true;
    qint64 firstBroken = 0; // seq of the first bad row
    QString reason;
    QString headHash;
};

/// Checks every station's chain: hashes, links, increasing seq.
CommandResult<std::vector<ChainVerification>> verifyStationChains(provisioning::Store& store);

/// The merged view of an order: the rows of every station whose subject is the order or
/// whose detail names it, in seq order.
CommandResult<std::vector<provisioning::AuditEntry>> orderAuditView(provisioning::Store& store,
                                                                    const QString& orderId);

} // namespace kps::app
