#pragma once
// An order's exports as PSKC (RFC 6030) for the customer's or the head-end's
// key-management tools: the signed kps-listing/1 file re-encoded, its secrets still
// wrapped under the listing's KEK, the document signed by the station (docs/formats.md,
// "PSKC profile").
#include "kps/app/outcome.hpp"
#include "kps/provisioning/station.hpp"

namespace kps::app {

enum class PskcSource {
    CustomerListing, // ORDER-customer-listing.json
    DmBatch,         // ORDER-dm-batch.json
};

struct PskcExport {
    QString file;
    qint64 endpoints = 0;
    qint64 keyPackages = 0;
    QString sha256;
};

/// For whoever may close the order (supervisors), once it has its exports (kps close);
/// audited. `out` empty: beside the source, as ORDER-customer-listing.pskc.xml (or
/// ORDER-dm-batch.pskc.xml). An existing file is never replaced.
CommandResult<PskcExport> exportPskc(provisioning::Station& station,
                                     const provisioning::Principal& by,
                                     const provisioning::OrderId& orderId, PskcSource source,
                                     QString out = {});

} // namespace kps::app
