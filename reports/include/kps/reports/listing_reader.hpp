#pragma once
// Reads any kps-listing/1 file in constant memory, the sender's signature first:
//   open()            one pass over the exact bytes: SHA-256 for the signature, the
//                     header (everything but the endpoints) parsed and schema-checked,
//                     the endpoints counted but not kept;
//   forEachEndpoint() a second pass that parses and schema-checks one entry at a time
//                     and hands it over; the bytes are hashed again and must not have
//                     changed since open().
// Nothing is decrypted here: listing_opener does that with the recipient's key, and
// the station's imports (masters, key lists) use the entries as they are.
#include "kps/reports/listing.hpp"
#include "kps/reports/report_error.hpp"
#include "kps/x509/certificate.hpp"

#include <QCryptographicHash>
#include <functional>
#include <memory>

namespace kps::reports {

struct ListingSource {
    QString listing;              // FILE; its signature is FILE.sig
    QString senderCertificate;    // PEM or DER: FILE must be signed by its key
    QString recipientCertificate; // optional: FILE must be addressed to it
};

using EndpointVisitor =
    std::function<ReportResult<void>(const EndpointEntry& entry, const QString& place)>;

class ListingReader {
public:
    static ReportResult<ListingReader> open(const ListingSource& source);
    ListingReader(ListingReader&&) noexcept;
    ListingReader& operator=(ListingReader&&) noexcept;
    ~ListingReader();

    const ListingHeader& header() const;
    const x509::CertificateInfo& sender() const;
    /// Endpoint entries in the file (0 when it has none).
    qint64 endpointCount() const;
    /// SHA-256 of the file's bytes, lower-case hex.
    QString sha256() const;
    /// Every entry in file order, checked against the schema; stops at the first error.
    ReportResult<void> forEachEndpoint(const EndpointVisitor& visit);

private:
    struct State;
    explicit ListingReader(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

} // namespace kps::reports
