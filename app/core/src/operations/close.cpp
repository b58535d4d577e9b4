// kps close: the exports, the key destruction and its signed record, the engine's close
// transaction, then the report.
#include "kps/app/operations/close.hpp"

#include "kps/app/operations/custody.hpp"
#include "kps/app/operations/exports.hpp"
#include "kps/reports/listing_writer.hpp"
#include "kps/x509/certificate.hpp"
#include "report_writer.hpp"

#include <QDir>

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

} // namespace

CommandResult<CloseSummary> closeOrder(Station& station, const Principal& by,
                                       const OrderId& orderId, const Progress& progress) {
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
    KPS_TRY_LET(report, writeReportOf(station, closing.records(), progress));
    summary.report = std::move(report);
    return summary;
}

} // namespace kps::app
