#pragma once
// The listing and the DM batch of an order, streamed from stored rows (a million
// endpoints never sit in memory); progress every thousand entries, and a cancelled
// export leaves no file behind.
#include "kps/app/operations/progress.hpp"
#include "kps/app/outcome.hpp"
#include "kps/provisioning/station.hpp"

namespace kps::app {

/// Writes the customer listing (every secret of every verified endpoint). Returns SHA-256.
CommandResult<QString> exportCustomerListing(provisioning::Station& station,
                                             provisioning::BatchRecords& records,
                                             const QString& path, const Progress& progress = {});
/// Writes the head-end DM batch: the DM keys of every verified endpoint, or with
/// headend.dm = master the DM master (where its key policy lets it leave, else
/// refused) and the endpoints' addresses. Returns SHA-256.
CommandResult<QString> exportDmBatch(provisioning::Station& station,
                                     provisioning::BatchRecords& records, const QString& path,
                                     const Progress& progress = {});
/// The DM batch of an order whose head-end derives (headend.dm = master).
CommandResult<QString> exportDmMaster(provisioning::Station& station,
                                      provisioning::BatchRecords& records, const QString& path,
                                      const Progress& progress = {});

} // namespace kps::app
