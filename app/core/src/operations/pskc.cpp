#include "kps/app/operations/pskc.hpp"

#include "kps/app/operations/close.hpp"
#include "kps/reports/pskc.hpp"

#include <QFileInfo>
#include <QJsonObject>

namespace kps::app {

using namespace provisioning;

namespace {

QString sourceFile(const ExportFiles& files, PskcSource source) {
    return source == PskcSource::DmBatch ? files.dmBatch : files.listing;
}

} // namespace

CommandResult<PskcExport> exportPskc(Station& station, const Principal& by, const OrderId& orderId,
                                     PskcSource source, QString out) {
    KPS_TRY_MAP(station.users().require(by, Action::CloseOrder, orderId.text()), fromError);
    const QString listing = sourceFile(exportFilesFor(station.paths(), orderId), source);
    if (!QFileInfo::exists(listing))
        return tl::unexpected(
            CommandError{BadInput, QStringLiteral("%1: no such export yet; kps close %2 writes it")
                                       .arg(listing, orderId.text())});
    if (out.isEmpty())
        out = listing.chopped(5) + QStringLiteral(".pskc.xml"); // "FILE.json" -> "FILE.pskc.xml"
    if (QFileInfo::exists(out))
        return tl::unexpected(CommandError{
            BadInput,
            QStringLiteral("%1: exists already; an export never replaces a file").arg(out)});
    const reports::ListingSource from{listing, station.paths().signingCertificate(), {}};
    KPS_TRY_LET_MAP(written, reports::exportListingAsPskc(from, out, station.signer()), fromError);
    KPS_TRY_MAP(station.audit().append(by.user, QStringLiteral("export.pskc"), orderId.text(),
                                       {{QStringLiteral("file"), QFileInfo(out).fileName()},
                                        {QStringLiteral("sha256"), written.sha256},
                                        {QStringLiteral("keyPackages"), written.keyPackages}}),
                fromError);
    return PskcExport{out, written.endpoints, written.keyPackages, written.sha256};
}

} // namespace kps::app
