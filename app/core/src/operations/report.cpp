// kps report: the batch report's three signed files, from the store and the audit chain.
#include "kps/app/operations/close.hpp"
#include "kps/reports/endpoint_csv.hpp"
#include "report_facts.hpp"
#include "report_writer.hpp"

#include <QFileInfo>
#include <QJsonArray>

namespace kps::app {
namespace {

using namespace provisioning;

CommandError cancelled(const QString& orderId) {
    return {Refused, QStringLiteral("%1: cancelled; nothing was written").arg(orderId)};
}

reports::EndpointLine lineOf(const EndpointRow& row,
                             const std::vector<std::pair<int, QString>>& columns) {
    const auto iso = [](const QDateTime& time) {
        return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
    };
    reports::EndpointLine line{
        row.address,  endpointStateName(row.state), row.reason,          row.slot,    row.attempts,
        row.uniqueId, iso(row.reservedAt),          iso(row.finishedAt), row.cycleMs, {}};
    for (const auto& [id, role] : columns) {
        QString kcv;
        for (const SecretRow& secret : row.secrets)
            if (secret.id == id)
                kcv = secret.kcv;
        line.kcvs << kcv;
    }
    return line;
}

CommandResult<QString> writeCsv(Station& station, BatchRecords& records, const QString& path,
                                const Progress& progress, qint64& rows) {
    const OrderRecord& record = records.record();
    KPS_TRY_LET_MAP(columns, records.kcvColumns(), fromError);
    QStringList names;
    for (const auto& [id, role] : columns)
        names << QStringLiteral("kcv_%1_%2").arg(id).arg(role);
    KPS_TRY_LET_MAP(csv, reports::EndpointCsvWriter::create(path, names), fromError);
    std::optional<CommandError> stopped;
    auto streamed = records.forEachEndpoint([&](const EndpointRow& row) -> Done {
        if (auto added = csv->add(lineOf(row, columns)); !added)
            stopped = fromError(added.error());
        else if (csv->rows() % 1000 == 0 && progress.cancelled())
            stopped = cancelled(record.order.id);
        if (csv->rows() % 1000 == 0)
            progress.step(QStringLiteral("report, endpoint detail"), csv->rows(),
                          qint64(record.issued));
        return stopped ? failure(ErrorKind::Refused, {}, {}, {}) : Done{};
    });
    if (stopped)
        return tl::unexpected(*stopped);
    KPS_TRY_MAP(streamed, fromError);
    rows = csv->rows();
    KPS_TRY_LET_MAP(digest, csv->finish(station.signer()), fromError);
    return digest;
}

/// The PDF, drawn where Qt draws charts (progress.draw: the GUI thread).
CommandResult<QString> writePdf(Station& station, const QString& path,
                                const reports::ReportFacts& facts,
                                const std::vector<reports::NamedHash>& companions,
                                const Progress& progress) {
    std::optional<reports::ReportResult<QString>> pdf;
    progress.draw(
        [&] { pdf.emplace(reports::writeReportPdf(path, facts, companions, station.signer())); });
    KPS_TRY_LET_MAP(digest, std::move(*pdf), fromError);
    return digest;
}

QJsonArray filesJson(const std::vector<reports::NamedHash>& files) {
    QJsonArray array;
    for (const auto& [file, sha256] : files)
        array.append(
            QJsonObject{{QStringLiteral("file"), file}, {QStringLiteral("sha256"), sha256}});
    return array;
}

} // namespace

CommandResult<ReportSummary> writeReportOf(Station& station, BatchRecords& records,
                                           const Progress& progress) {
    const QString& orderId = records.record().order.id;
    KPS_TRY_LET_MAP(anchor, records.anchor(), fromError);
    KPS_TRY_LET_MAP(batch, records.facts(anchor), fromError);
    const reports::ReportFacts facts = reportFactsOf(station, batch, anchor);
    ReportSummary summary{exportFilesFor(station.paths(), orderId).report, facts.interim,
                          anchor.seq, 0};
    KPS_TRY_LET(csv, writeCsv(station, records, summary.files.csv, progress, summary.endpoints));
    std::vector<reports::NamedHash> companions{{QFileInfo(summary.files.csv).fileName(), csv}};
    progress.step(QStringLiteral("report, PDF"), 0, 1);
    KPS_TRY_LET(pdf, writePdf(station, summary.files.pdf, facts, companions, progress));
    companions.insert(companions.begin(), {QFileInfo(summary.files.pdf).fileName(), pdf});
    KPS_TRY_LET_MAP(
        json, reports::writeReportJson(summary.files.json, facts, companions, station.signer()),
        fromError);
    companions.insert(companions.begin(), {QFileInfo(summary.files.json).fileName(), json});
    KPS_TRY_MAP(records.recordReport(anchor.seq, filesJson(companions)), fromError);
    return summary;
}

CommandResult<ReportSummary> writeReport(Station& station, const Principal& by,
                                         const OrderId& orderId, const Progress& progress) {
    KPS_TRY_LET_MAP(records, station.orders().records(by, orderId), fromError);
    return writeReportOf(station, records, progress);
}

} // namespace kps::app
