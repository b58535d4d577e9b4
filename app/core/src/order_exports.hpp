#pragma once
// The listing and the DM batch of an order, streamed from stored rows.
#include "kps/app/outcome.hpp"
#include "kps/provisioning/station.hpp"

namespace kps::app {

/// Writes the customer listing (every secret of every verified endpoint). Returns SHA-256.
CommandResult<QString> exportCustomerListing(provisioning::Station& station,
                                             const provisioning::OrderRecord& record,
                                             const QString& path);
/// Writes the head-end DM batch (DM keys of every verified endpoint). Returns SHA-256.
CommandResult<QString> exportDmBatch(provisioning::Station& station,
                                     const provisioning::OrderRecord& record, const QString& path);

} // namespace kps::app
