#pragma once
// An incoming kps-listing/1 read, verified and matched with the order it names.
#include "incoming_listing.hpp"
#include "kps/provisioning/key_plan.hpp"
#include "kps/provisioning/station.hpp"

namespace kps::provisioning {

struct VerifiedImport {
    IncomingListing listing;
    OrderRecord record;
    KeyPlan plan;
};

/// An HSM-side check of a file (KEK, check values) names the place in the file; the
/// message names the file too.
inline Error inFile(Error error, const QString& file) {
    if (error.kind == ErrorKind::BadInput && !error.where.startsWith(file))
        error.where = file + QStringLiteral(": ") + error.where;
    return error;
}

/// Reads the file, finds its order, verifies it against the order's customer and
/// this station, and checks the order may take it (key source, open, keys intact).
Outcome<VerifiedImport> readImportForOrder(Station& station, const QString& file,
                                           const QString& purpose, KeySource expected,
                                           const QString& what);

} // namespace kps::provisioning
