#include "kps/app/order_close.hpp"

#include "kps/app/custody.hpp"
#include "kps/app/order_exports.hpp"
#include "kps/reports/listing_writer.hpp"
#include "kps/x509/certificate.hpp"

#include <QDir>
#include <QJsonArray>

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

CommandResult<void> checkClosable(Station& station, const OrderRecord& record) {
    if (record.state == OrderState::Closed)
        return tl::unexpected(CommandError{
            Refused, QStringLiteral("%1: the order is closed already").arg(record.order.id)});
    if (station.store().shared() && record.state == OrderState::Running)
        return tl::unexpected(CommandError{
            Refused, QStringLiteral("%1: other stations may be running the order: hold it first "
                                    "(kps order hold %1), so that none starts another endpoint, "
                                    "then close it")
                         .arg(record.order.id)});
    auto busy = station.store().inProgress(record.order.id);
    if (!busy)
        return tl::unexpected(fromError(busy.error()));
    if (*busy > 0)
        return tl::unexpected(CommandError{
            Refused, QStringLiteral("%1: %2 endpoints are still in progress after an interrupted "
                                    "run: run the order again (kps run) to recover them first")
                         .arg(record.order.id)
                         .arg(*busy)});
    const auto source = record.order.keySource;
    if (source != KeySource::CustomerMasters && source != KeySource::CustomerList)
        return {};
    auto destroyed = station.keysDestroyed(record.order.id);
    if (!destroyed)
        return tl::unexpected(fromError(destroyed.error()));
    if (!*destroyed)
        return tl::unexpected(CommandError{
            Refused, QStringLiteral("%1: the customer's keys are destroyed by two key custodians "
                                    "before the order is closed: run kps destroy %1 first")
                         .arg(record.order.id)});
    return {};
}

/// Manuf and random orders: the supervisor's close destroys the order's keys and
/// files the signed record. Customer orders: the custodians did (checkClosable);
/// the token is searched again all the same.
CommandResult<QStringList> destroyOrderKeys(Station& station, const OrderRecord& record,
                                            const Principal& by) {
    const QString& orderId = record.order.id;
    auto done = station.keysDestroyed(orderId);
    if (!done)
        return tl::unexpected(fromError(done.error()));
    if (!*done) {
        auto destroyed = station.destroyKeysAtClose(by, orderId);
        if (!destroyed)
            return tl::unexpected(fromError(destroyed.error()));
        auto filed = fileDestruction(station, *destroyed, by.user);
        if (!filed)
            return tl::unexpected(filed.error());
    }
    auto left = station.vault().orderObjectsOnToken(orderId);
    if (!left)
        return tl::unexpected(fromError(left.error()));
    if (!left->isEmpty())
        return tl::unexpected(CommandError{
            DeviceFailure, QStringLiteral("%1: %2 still on the token: call the key custodians")
                               .arg(orderId, left->join(QStringLiteral(", ")))});
    auto objects = station.store().custodyObjects(orderId);
    if (!objects)
        return tl::unexpected(fromError(objects.error()));
    QStringList labels;
    for (const CustodyObject& object : *objects)
        labels << object.label;
    return labels;
}

CommandResult<void> markClosed(Station& station, const OrderRecord& record,
                               const ExportFiles& files, const QString& actor) {
    auto closed = station.store().inTransaction([&]() -> Done {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        if (auto done = station.store().setOrderState(record.order.id, OrderState::Closed, now);
            !done)
            return done;
        auto audited =
            station.store().appendAudit(actor, QStringLiteral("order.close"), record.order.id,
                                        {{QStringLiteral("verified"), qint64(record.verified)},
                                         {QStringLiteral("failed"), qint64(record.failed)},
                                         {QStringLiteral("exports"), files.directory}},
                                        now);
        if (!audited)
            return tl::unexpected(audited.error());
        // The close is sealed: the station key signs the chain's head, and the
        // report is anchored to this checkpoint however often it is rewritten.
        auto sealed = station.store().checkpoint(QStringLiteral("order.close"));
        return sealed ? Done{} : Done(tl::unexpected(sealed.error()));
    });
    if (!closed)
        return tl::unexpected(fromError(closed.error()));
    return {};
}

CommandResult<void> exportAll(Station& station, const OrderRecord& record, const ExportFiles& files,
                              const QString& actor, const Progress& progress) {
    const std::string pem = x509::certificateToPem(station.vault().identity().signing.der);
    if (auto copied =
            reports::writeFileAtomically(files.signerCertificate, QByteArray::fromStdString(pem));
        !copied)
        return tl::unexpected(fromError(copied.error()));
    // The DM batch first: where the key policy refuses it (the DM master of MANUF), the
    // close stops before anything was written.
    for (auto [exporter, path] : {std::pair{&exportDmBatch, files.dmBatch},
                                  std::pair{&exportCustomerListing, files.listing}}) {
        auto digest = exporter(station, record, path, progress);
        if (!digest)
            return tl::unexpected(digest.error());
        if (auto audited = station.audit(
                actor, QStringLiteral("export"), record.order.id,
                {{QStringLiteral("file"), QDir(files.directory).relativeFilePath(path)},
                 {QStringLiteral("sha256"), *digest}});
            !audited)
            return tl::unexpected(fromError(audited.error()));
    }
    return {};
}

} // namespace

CommandResult<CloseSummary> closeOrder(Station& station, const Principal& by,
                                       const QString& orderId, const Progress& progress) {
    if (auto permitted = station.require(by, Action::CloseOrder, orderId); !permitted)
        return tl::unexpected(fromError(permitted.error()));
    auto lock = station.lockOrder(orderId); // no run may start while the order closes
    if (!lock)
        return tl::unexpected(fromError(lock.error()));
    auto record = station.order(orderId);
    if (!record)
        return tl::unexpected(fromError(record.error()));
    if (auto closable = checkClosable(station, *record); !closable)
        return tl::unexpected(closable.error());
    CloseSummary summary{
        exportFilesFor(station.paths(), orderId), qint64(record->verified), {}, {}, {}};
    if (auto exported = exportAll(station, *record, summary.files, by.user, progress); !exported)
        return tl::unexpected(exported.error());
    auto destroyed = destroyOrderKeys(station, *record, by);
    if (!destroyed)
        return tl::unexpected(destroyed.error());
    summary.destroyed = *destroyed;
    summary.destructionRecord = destructionRecordPath(station.paths(), orderId);
    if (auto closed = markClosed(station, *record, summary.files, by.user); !closed)
        return tl::unexpected(closed.error());
    auto report = writeReport(station, by, orderId, progress);
    if (!report)
        return tl::unexpected(report.error());
    summary.report = *report;
    return summary;
}

} // namespace kps::app
