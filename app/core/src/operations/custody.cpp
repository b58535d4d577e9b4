#include "kps/app/operations/custody.hpp"

#include "kps/reports/listing_writer.hpp"
#include "kps/schemas/validator.hpp"

#include <QDir>
#include <QJsonDocument>

namespace kps::app {

using namespace provisioning;

CommandResult<KeyImportSummary> importMasters(Station& station, const Custodians& custodians,
                                              const QString& file) {
    KPS_TRY_LET_MAP(imported,
                    station.custody().importMasters(custodians.first, custodians.second, file),
                    fromError);
    return imported;
}

CommandResult<KeyImportSummary> importKeyList(Station& station, const Custodians& custodians,
                                              const QString& file, const ImportObserver& observer,
                                              const std::atomic<bool>& cancel) {
    KPS_TRY_LET_MAP(imported,
                    station.custody().importKeyList(custodians.first, custodians.second, file,
                                                    observer, cancel),
                    fromError);
    return imported;
}

QString destructionRecordPath(const StationPaths& paths, const QString& orderId) {
    return QDir(paths.exportsOf(orderId)).filePath(orderId + QStringLiteral("-destruction.json"));
}

CommandResult<DestructionFiles> fileDestruction(Station& station, const DestructionRecord& record,
                                                const QString& actor) {
    const auto& identity = station.identity();
    const QJsonObject json =
        destructionJson(record, station.name(), QString::fromStdString(identity.signing.sha256Hex),
                        identity.hsmDescription);
    const QString path = destructionRecordPath(station.paths(), record.orderId);
    if (auto valid = schemas::validate(json, QStringLiteral("kps-destruction/1"), path); !valid)
        return tl::unexpected(CommandError{DeviceFailure, valid.error().message()});
    if (!record.verifiedAbsent)
        return tl::unexpected(CommandError{
            DeviceFailure, QStringLiteral("%1: objects of the order are still on the token after "
                                          "destruction: call the key custodians")
                               .arg(record.orderId)});
    QDir().mkpath(station.paths().exportsOf(record.orderId));
    const QString certificate = QDir(station.paths().exportsOf(record.orderId))
                                    .filePath(QStringLiteral("station-signing.crt"));
    KPS_TRY_MAP(
        reports::writeFileAtomically(
            certificate, QByteArray::fromStdString(x509::certificateToPem(identity.signing.der))),
        fromError);
    KPS_TRY_LET_MAP(digest,
                    reports::writeSigned(path, QJsonDocument(json).toJson(QJsonDocument::Indented),
                                         station.signer()),
                    fromError);
    const QString relative = QDir(station.paths().root).relativeFilePath(path);
    KPS_TRY_MAP(station.custody().recordDestruction(record, relative, digest, actor), fromError);
    return DestructionFiles{path, path + QStringLiteral(".sig"), digest, record};
}

CommandResult<DestructionFiles> destroyCustomerKeys(Station& station, const Custodians& custodians,
                                                    const OrderId& orderId) {
    KPS_TRY_LET_MAP(
        destroyed,
        station.custody().destroyCustomerKeys(custodians.first, custodians.second, orderId),
        fromError);
    return fileDestruction(station, destroyed, custodians.first.user);
}

} // namespace kps::app
