#pragma once
// The one reader of kps-listing/1 files, for the customer (`kps listing open`, any
// purpose) and for the station (the masters files and key lists it imports) alike:
// one set of checks and one wording. It reads in constant memory:
//   read() / open()    one pass over the exact bytes: SHA-256 (for the signature); the
//                      text (byte order mark, UTF-8, size limit), the syntax, duplicate
//                      header members; the header (everything but the endpoints) parsed,
//                      checked against the purpose expected and the schema; the endpoints
//                      counted but not kept, and batch.count compared with them;
//   verifySignature(), checkRecipient(), checkSender()
//                      FILE.sig over those bytes, and the parties the header names;
//   forEachEndpoint()  a second pass that parses and schema-checks one entry at a time
//                      and hands it over; the bytes are hashed again and must not have
//                      changed since the first pass; every address appears once.
// Nothing is decrypted here: listing_opener does that with the recipient's key, and
// the station's imports use the entries as they are.
#include "kps/reports/listing.hpp"
#include "kps/reports/report_error.hpp"
#include "kps/x509/certificate.hpp"
#include "kps/x509/signature.hpp"

#include <QCryptographicHash>
#include <functional>
#include <memory>
#include <optional>

namespace kps::reports {

struct ListingSource {
    QString listing;              // FILE; its signature is FILE.sig
    QString senderCertificate;    // PEM or DER: FILE must be signed by its key
    QString recipientCertificate; // optional: FILE must be addressed to it
};

/// What a reader of a file expects of it beyond kps-listing/1 itself.
struct ListingExpectations {
    std::optional<Purpose> purpose; // the command takes files of this purpose only
    qint64 maxBytes = 0;            // > 0: larger files are refused
};

/// A certificate and how messages name its holder ("the customer of order PO-1").
struct ListingParty {
    x509::CertificateInfo certificate;
    QString name;
};

using EndpointVisitor =
    std::function<ReportResult<void>(const EndpointEntry& entry, const QString& place)>;

class ListingReader {
public:
    /// The customer side: the first pass, the signature by the sender's certificate
    /// (checked before anything else about the file is reported), the schema, the
    /// parties and the count.
    static ReportResult<ListingReader> open(const ListingSource& source);
    /// The station side: the first pass and every check of the file on its own; the
    /// signature and the parties are left to the caller, who learns from the header
    /// whose certificate signed it.
    static ReportResult<ListingReader> read(const QString& listing,
                                            const ListingExpectations& expected);
    ListingReader(ListingReader&&) noexcept;
    ListingReader& operator=(ListingReader&&) noexcept;
    ~ListingReader();

    /// FILE.sig over the bytes read, by the sender's key, in the scheme it verified in.
    ReportResult<x509::SignatureScheme> verifySignature(const ListingParty& sender) const;
    /// /recipient and /sender name these certificates.
    ReportResult<void> checkRecipient(const ListingParty& recipient) const;
    ReportResult<void> checkSender(const ListingParty& sender) const;

    const QString& file() const;
    const ListingHeader& header() const;
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
