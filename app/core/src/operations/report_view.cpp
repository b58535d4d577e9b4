#include "kps/app/operations/report_view.hpp"

#include "kps/app/operations/close.hpp"

#include <QFile>
#include <QJsonDocument>

namespace kps::app {

using namespace provisioning;

namespace {

CommandResult<QByteArray> readReport(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return tl::unexpected(
            CommandError{BadInput, path + QStringLiteral(": ") + file.errorString()});
    return file.readAll();
}

} // namespace

CommandResult<ReportView> showReport(Station& station, const Principal& by,
                                     const OrderId& orderId) {
    // Whom the order's records are handed out to (auditors, supervisors: the role is
    // checked as they are) may read its report.
    KPS_TRY_LET_MAP(records, station.orders().records(by, orderId), fromError);
    const reports::ReportFiles files =
        exportFilesFor(station.paths(), records.record().order.id).report;
    ReportView view{false, files.json, files.pdf, {}, {}};
    if (!QFile::exists(files.json))
        return view;
    KPS_TRY_LET(before, readReport(files.json));
    KPS_TRY_LET_MAP(check, reports::verifyReport(files.json, station.paths().signingCertificate()),
                    fromError);
    KPS_TRY_LET(after, readReport(files.json));
    if (after != before) // what is shown is what was verified
        return tl::unexpected(CommandError{
            BadInput, files.json + QStringLiteral(": the file changed while it was verified")});
    view.written = true;
    view.check = std::move(check);
    view.report = QJsonDocument::fromJson(after).object();
    return view;
}

} // namespace kps::app
