#pragma once
// The report's per-endpoint detail, ORDER-report.csv: one row per endpoint of the
// order in any state (address, state, reason, slot, attempts, MCU unique ID, times,
// cycle time, then one KCV column per key), streamed and signed (FILE.sig).
#include "kps/reports/report_error.hpp"
#include "kps/x509/signer.hpp"

#include <QStringList>
#include <memory>

namespace kps::reports {

struct EndpointLine {
    QString address;
    QString state;
    QString reason;
    int slot = 0;
    int attempts = 0;
    QString uniqueId;
    QString reservedAt;
    QString finishedAt;
    qint64 cycleMs = 0;
    QStringList kcvs; // one per KCV column; empty where the endpoint has none
};

class SignedStream;

class EndpointCsvWriter {
public:
    /// `kcvColumns` name the key columns ("kcv_1_data", ...).
    static ReportResult<std::unique_ptr<EndpointCsvWriter>> create(const QString& path,
                                                                   const QStringList& kcvColumns);
    ~EndpointCsvWriter();
    ReportResult<void> add(const EndpointLine& line);
    /// Returns the SHA-256 hex of the file.
    ReportResult<QString> finish(x509::Signer& signer);
    qint64 rows() const { return rows_; }

private:
    EndpointCsvWriter(std::unique_ptr<SignedStream> stream, int kcvColumns);
    std::unique_ptr<SignedStream> stream_;
    int kcvColumns_ = 0;
    qint64 rows_ = 0;
};

} // namespace kps::reports
