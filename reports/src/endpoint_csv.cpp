#include "kps/reports/endpoint_csv.hpp"

#include "csv.hpp"
#include "signed_stream.hpp"

namespace kps::reports {

EndpointCsvWriter::EndpointCsvWriter(std::unique_ptr<SignedStream> stream, int kcvColumns)
    : stream_(std::move(stream))
    , kcvColumns_(kcvColumns) {}

EndpointCsvWriter::~EndpointCsvWriter() = default;

ReportResult<std::unique_ptr<EndpointCsvWriter>>
EndpointCsvWriter::create(const QString& path, const QStringList& kcvColumns) {
    auto stream = SignedStream::create(path);
    if (!stream)
        return tl::unexpected(stream.error());
    QByteArrayList header{"address",   "state",       "reason",      "slot",    "attempts",
                          "unique_id", "reserved_at", "finished_at", "cycle_ms"};
    for (const QString& column : kcvColumns)
        header << column.toUtf8();
    if (auto written = (*stream)->write(csv::record(header) + "\r\n"); !written)
        return tl::unexpected(written.error());
    return std::unique_ptr<EndpointCsvWriter>(
        new EndpointCsvWriter(std::move(*stream), int(kcvColumns.size())));
}

ReportResult<void> EndpointCsvWriter::add(const EndpointLine& line) {
    QByteArrayList fields{line.address.toUtf8(),
                          line.state.toUtf8(),
                          line.reason.toUtf8(),
                          QByteArray::number(line.slot),
                          QByteArray::number(line.attempts),
                          line.uniqueId.toUtf8(),
                          line.reservedAt.toUtf8(),
                          line.finishedAt.toUtf8(),
                          line.state == QLatin1String("verified") ||
                                  line.state == QLatin1String("failed")
                              ? QByteArray::number(line.cycleMs)
                              : QByteArray()};
    for (int i = 0; i < kcvColumns_; ++i)
        fields << (i < line.kcvs.size() ? line.kcvs[i].toLatin1() : QByteArray());
    ++rows_;
    return stream_->write(csv::record(fields) + "\r\n");
}

ReportResult<QString> EndpointCsvWriter::finish(x509::Signer& signer) {
    return stream_->finish(signer);
}

} // namespace kps::reports
