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
    // Signed by this station, but it must be this order's, and final once it is closed:
    // another order's report copied under this name, or an interim one put back over
    // the final one, verifies all the same.
    const QString named = view.report[QStringLiteral("order")].toString();
    if (named != orderId.text())
        return tl::unexpected(CommandError{
            BadInput, files.json + QStringLiteral(": /order: the report of order %1, not of %2")
                                       .arg(named, orderId.text())});
    if (view.check.interim && records.record().state == OrderState::Closed)
        return tl::unexpected(CommandError{
            BadInput, files.json + QStringLiteral(": an interim report (written while the order "
                                                  "was open) where the closed order's final one "
                                                  "belongs")});
    return view;
}

} // namespace kps::app
