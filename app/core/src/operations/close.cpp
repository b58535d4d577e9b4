// kps close: the exports, the key destruction and its signed record, the engine's close
// transaction, then the report.
#include "kps/app/operations/close.hpp"

#include "kps/app/operations/custody.hpp"
#include "kps/app/operations/exports.hpp"
#include "kps/reports/listing_writer.hpp"
#include "kps/x509/certificate.hpp"
#include "report_writer.hpp"

#include <QDir>
#include <QFileInfo>

namespace kps::app {

using namespace provisioning;

ExportFiles exportFilesFor(const StationPaths& paths, const QString& orderId) {
    const QDir dir(paths.exportsOf(orderId));
    return {dir.path(), dir.filePath(orderId + QStringLiteral("-customer-listing.json")),
            dir.filePath(orderId + QStringLiteral("-dm-batch.json")),
            reports::reportFilesIn(dir.path(), orderId),
            dir.filePath(QStringLiteral("station-signing.crt"))};
}

namespace {

CommandResult<void> exportAll(Station& station, BatchRecords& records, const ExportFiles& files,
                              const Progress& progress) {
    const std::string pem = x509::certificateToPem(station.identity().signing.der);
    KPS_TRY_MAP(
        reports::writeFileAtomically(files.signerCertificate, QByteArray::fromStdString(pem)),
        fromError);
    // The DM batch first: where the key policy refuses it (the DM master of MANUF), the
    // close stops before anything was written.
    for (auto [exporter, path] : {std::pair{&exportDmBatch, files.dmBatch},
                                  std::pair{&exportCustomerListing, files.listing}}) {
        KPS_TRY_LET(digest, exporter(station, records, path, progress));
        KPS_TRY_MAP(records.recordExport(QDir(files.directory).relativeFilePath(path), digest),
                    fromError);
    }
    return {};
}

/// Manuf and random orders: the supervisor's close destroys the order's keys and files
/// the signed record. Customer orders: the custodians did; the token is searched again
/// all the same.
CommandResult<QStringList> destroyOrderKeys(Station& station, OrderClosing& closing) {
    KPS_TRY_LET_MAP(destroyed, closing.destroyKeys(), fromError);
    if (destroyed)
        KPS_TRY(fileDestruction(station, *destroyed, closing.records().principal().user));
    KPS_TRY_LET_MAP(labels, closing.confirmDestroyed(), fromError);
    return labels;
}

/// After the close transaction the order is closed and its keys are gone, whatever
/// comes next: the report is written without heeding a cancel, and a report that
/// cannot be written says so, with the state the order is in.
CommandResult<ReportSummary> reportAfterCommit(Station& station, BatchRecords& records,
                                               const Progress& progress) {
    Progress committed = progress;
    committed.cancel = nullptr;
    auto report = writeReportOf(station, records, committed);
    if (!report)
        return tl::unexpected(CommandError{
            DeviceFailure,
            QStringLiteral("%1 is closed and its keys are destroyed, but its report was not "
                           "written: %2. Write it with kps report %1 (kps close %1 does too)")
                .arg(records.record().order.id, report.error().message)});
    return report;
}

/// A close interrupted after its commit (kill, power, a full disk) left the order closed
/// without its report: the close's last step, done now.
std::optional<CommandResult<CloseSummary>> finishInterruptedClose(Station& station,
                                                                  const Principal& by,
                                                                  const OrderId& orderId,
                                                                  const Progress& progress) {
    if (!allowed(by.role, Action::CloseOrder))
        return std::nullopt; // the close itself refuses, audited
    auto records = station.orders().records(by, orderId);
    if (!records || records->record().state != OrderState::Closed)
        return std::nullopt;
    CloseSummary summary{
        exportFilesFor(station.paths(), orderId), qint64(records->record().verified), {}, {}, {}};
    if (QFileInfo::exists(summary.files.report.json))
        return std::nullopt; // closed and reported: the close says "closed already"
    summary.destructionRecord = destructionRecordPath(station.paths(), orderId);
    summary.finishedEarlierClose = true;
    auto report = reportAfterCommit(station, *records, progress);
    if (!report)
        return tl::unexpected(report.error());
    summary.report = std::move(*report);
    return summary;
}

} // namespace

CommandResult<CloseSummary> closeOrder(Station& station, const Principal& by,
                                       const OrderId& orderId, const Progress& progress) {
    if (auto finished = finishInterruptedClose(station, by, orderId, progress))
        return std::move(*finished);
    KPS_TRY_LET_MAP(closing, station.orders().beginClose(by, orderId), fromError);
    CloseSummary summary{exportFilesFor(station.paths(), orderId),
                         qint64(closing.records().record().verified),
                         {},
                         {},
                         {}};
    KPS_TRY(exportAll(station, closing.records(), summary.files, progress));
    KPS_TRY_LET(destroyed, destroyOrderKeys(station, closing));
    summary.destroyed = std::move(destroyed);
    summary.destructionRecord = destructionRecordPath(station.paths(), orderId);
    KPS_TRY_MAP(closing.commit(summary.files.directory), fromError);
    KPS_TRY_LET(report, reportAfterCommit(station, closing.records(), progress));
    summary.report = std::move(report);
    return summary;
}

} // namespace kps::app
