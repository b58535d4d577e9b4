#pragma once
// Writes a kps-listing/1 file entry by entry (a million endpoints never sit in
// memory), checking the header and each entry against the schema and hashing as it
// goes, then signs the exact bytes: FILE, FILE.sig (DER). Nothing appears under
// FILE's name until it is complete; a writer destroyed unfinished leaves nothing.
#include "kps/reports/listing.hpp"
#include "kps/reports/report_error.hpp"
#include "kps/x509/signer.hpp"

#include <memory>

namespace kps::reports {

class ListingOutput;

class ListingWriter {
public:
    static ReportResult<std::unique_ptr<ListingWriter>> create(const QString& path,
                                                               const ListingHeader& header);
    ~ListingWriter();

    /// Adds one endpoint entry. A schema or disk problem of an earlier entry may
    /// surface here (entries are checked and written a batch behind).
    ReportResult<void> add(const EndpointEntry& endpoint);
    /// Closes the document, signs it and moves it into place. Returns the SHA-256 hex.
    ReportResult<QString> finish(x509::Signer& signer);
    qint64 endpointCount() const;

private:
    ListingWriter(const QString& path, bool hasEndpoints, std::unique_ptr<ListingOutput> output);

    QString path_;
    bool hasEndpoints_ = true;
    std::unique_ptr<ListingOutput> output_;
};

/// Writes FILE.sig (DER signature over FILE's bytes) atomically.
ReportResult<void> writeSignature(const QString& path, const QByteArray& signatureDer);
/// Writes a small file atomically (temporary name, fsync, rename).
ReportResult<void> writeFileAtomically(const QString& path, const QByteArray& bytes);
/// Signs bytes that are already complete and writes FILE and FILE.sig. Returns the SHA-256 hex.
ReportResult<QString> writeSigned(const QString& path, const QByteArray& bytes,
                                  x509::Signer& signer);

} // namespace kps::reports
