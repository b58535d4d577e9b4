#pragma once
// The bytes of a listing on their way to disk (FILE.partial). Endpoint entries are
// checked against the schema, appended and hashed on a worker thread a batch at a
// time while the caller reads and formats the next batch; file order is kept, and
// a schema or disk error surfaces at the next call. Destroyed uncommitted, it
// removes the partial file. FILE.partial is a secure::SafeOutput: a link planted in
// its place is refused, never followed.
#include "kps/reports/report_error.hpp"
#include "kps/schemas/validator.hpp"
#include "kps/secure/safe_output.hpp"

#include <QCryptographicHash>
#include <QFile>
#include <future>
#include <memory>
#include <optional>
#include <vector>

namespace kps::reports {

class ListingOutput {
public:
    static ReportResult<std::unique_ptr<ListingOutput>> open(const QString& path);
    ~ListingOutput();
    ListingOutput(const ListingOutput&) = delete;
    ListingOutput& operator=(const ListingOutput&) = delete;

    /// Writes bytes in place (the header, the tail) once queued entries are written.
    ReportResult<void> write(const QByteArray& bytes);
    /// Queues one endpoint entry (one line of JSON text); entries are comma-separated.
    ReportResult<void> addEntry(QByteArray text);
    qint64 entries() const { return entries_; }
    /// Writes what is queued, syncs and closes FILE.partial; returns the SHA-256 of its bytes.
    ReportResult<QByteArray> close();
    /// Moves FILE.partial to FILE.
    ReportResult<void> commit();

private:
    ListingOutput(QString path, schemas::PartValidator validator);
    ReportResult<void> drain();
    ReportResult<void> writeBatch(std::vector<QByteArray> batch, qint64 first);
    ReportResult<void> append(const QByteArray& bytes);

    QString path_;
    std::optional<secure::SafeOutput> output_; // FILE.partial, made without following links
    QFile file_;                               // on output_'s descriptor
    QCryptographicHash hash_{QCryptographicHash::Sha256};
    schemas::PartValidator validator_; // used by the worker only
    std::vector<QByteArray> batch_;
    qint64 entries_ = 0;
    std::future<ReportResult<void>> pending_;
};

} // namespace kps::reports
