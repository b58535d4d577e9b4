#include "kps/app/custody.hpp"

#include "kps/app/login.hpp"
#include "kps/reports/listing_writer.hpp"
#include "kps/schemas/validator.hpp"

#include <QDir>
#include <QJsonDocument>

namespace kps::app {

using namespace provisioning;

CommandResult<Custodians> custodiansFromEnvironment(Station& station) {
    auto first = loginFromEnvironment(station);
    if (!first)
        return tl::unexpected(first.error());
    auto second = secondLoginFromEnvironment(station);
    if (!second)
        return tl::unexpected(second.error());
    return Custodians{*first, *second};
}

CommandResult<KeyImportSummary> importMasters(Station& station, const Custodians& custodians,
                                              const QString& file) {
    auto imported = station.importMasters(custodians.first, custodians.second, file);
    if (!imported)
        return tl::unexpected(fromError(imported.error()));
    return *imported;
}

CommandResult<KeyImportSummary> importKeyList(Station& station, const Custodians& custodians,
                                              const QString& file, const ImportObserver& observer,
                                              const std::atomic<bool>& cancel) {
    auto imported =
        station.importKeyList(custodians.first, custodians.second, file, observer, cancel);
    if (!imported)
        return tl::unexpected(fromError(imported.error()));
    return *imported;
}

QString destructionRecordPath(const StationPaths& paths, const QString& orderId) {
    return QDir(paths.exportsOf(orderId)).filePath(orderId + QStringLiteral("-destruction.json"));
}

CommandResult<DestructionFiles> fileDestruction(Station& station, const DestructionRecord& record,
                                                const QString& actor) {
    const auto& identity = station.vault().identity();
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
    if (auto copied = reports::writeFileAtomically(
            certificate, QByteArray::fromStdString(x509::certificateToPem(identity.signing.der)));
        !copied)
        return tl::unexpected(fromError(copied.error()));
    auto digest = reports::writeSigned(path, QJsonDocument(json).toJson(QJsonDocument::Indented),
                                       *station.vault().signer());
    if (!digest)
        return tl::unexpected(fromError(digest.error()));
    const QString relative = QDir(station.paths().root).relativeFilePath(path);
    if (auto recorded = station.recordDestruction(record, relative, *digest, actor); !recorded)
        return tl::unexpected(fromError(recorded.error()));
    return DestructionFiles{path, path + QStringLiteral(".sig"), *digest, record};
}

CommandResult<DestructionFiles> destroyCustomerKeys(Station& station, const Custodians& custodians,
                                                    const QString& orderId) {
    auto destroyed = station.destroyCustomerKeys(custodians.first, custodians.second, orderId);
    if (!destroyed)
        return tl::unexpected(fromError(destroyed.error()));
    return fileDestruction(station, *destroyed, custodians.first.user);
}

} // namespace kps::app
