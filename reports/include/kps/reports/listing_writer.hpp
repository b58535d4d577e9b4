#pragma once
// Writes a kps-listing/1 file entry by entry (a million endpoints never sit in
// memory), hashing as it goes, then signs the exact bytes with the station key:
// FILE, FILE.sig (DER). Nothing appears under FILE's name until it is complete.
#include "kps/hsm/signer.hpp"
#include "kps/reports/listing.hpp"
#include "kps/reports/report_error.hpp"

#include <QCryptographicHash>
#include <QFile>
#include <memory>

namespace kps::reports {

class ListingWriter {
public:
    static ReportResult<std::unique_ptr<ListingWriter>> create(const QString& path,
                                                               const ListingHeader& header);
    ~ListingWriter();

    ReportResult<void> add(const EndpointEntry& endpoint);
    /// Closes the document, signs it and moves it into place. Returns the SHA-256 hex.
    ReportResult<QString> finish(hsm::Signer& signer);
    qint64 endpointCount() const { return count_; }

private:
    ListingWriter(const QString& path, bool hasEndpoints);
    ReportResult<void> write(const QByteArray& bytes);

    QString path_;
    QFile file_;
    QCryptographicHash hash_{QCryptographicHash::Sha256};
    bool hasEndpoints_ = true;
    qint64 count_ = 0;
};

/// Writes FILE.sig (DER signature over FILE's bytes) atomically.
ReportResult<void> writeSignature(const QString& path, const QByteArray& signatureDer);
/// Writes a small file atomically (temporary name, fsync, rename).
ReportResult<void> writeFileAtomically(const QString& path, const QByteArray& bytes);
/// Signs bytes that are already complete and writes FILE and FILE.sig. Returns the SHA-256 hex.
ReportResult<QString> writeSigned(const QString& path, const QByteArray& bytes,
                                  hsm::Signer& signer);

} // namespace kps::reports
