#pragma once
// kps-listing/1 files that come in (purpose masters or key-list), read by the one
// listing reader (reports/listing_reader.hpp, the same `kps listing open` uses: same
// checks, same messages, constant memory), then checked against the order they name
// (signed by the order's customer certificate, addressed to this station's import
// certificate) and reduced to what the HSM needs. Nothing is acted on before the
// signature verifies.
#include "kps/provisioning/error.hpp"
#include "kps/provisioning/ports/key_vault.hpp"
#include "kps/reports/listing_reader.hpp"
#include "kps/x509/certificate.hpp"
#include "kps/x509/signature.hpp"

namespace kps::provisioning {

struct IncomingListing {
    QString file;
    QString purpose;
    QString orderId;
    QString sha256; // of the file's bytes
    x509::SignatureScheme signature = x509::SignatureScheme::None;
    IncomingKek kek;
    std::vector<IncomingMaster> masters;
    std::vector<IncomingEndpoint> endpoints;
};

/// FILE read and checked on its own (text, syntax, purpose, schema, batch count):
/// unverified until verifyIncoming.
struct UnverifiedListing {
    QString file;
    reports::ListingReader reader;
    const QString& orderId() const { return reader.header().order; }
};
Outcome<UnverifiedListing> readIncomingListing(const QString& file, const QString& purpose);

/// Checks the signature and the parties, then extracts the KEK, masters and endpoints
/// (the entries streamed and schema-checked one by one).
Outcome<IncomingListing> verifyIncoming(UnverifiedListing& listing,
                                        const x509::CertificateInfo& customer,
                                        const x509::CertificateInfo& stationImport);

/// A problem the listing reader found, as the station reports it (bad input).
Error incomingFileError(const reports::ReportError& error);

} // namespace kps::provisioning
