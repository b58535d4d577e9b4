// kps evalkit --to CERT: the MANUF masters (and the fixed MANUF keys) wrapped to an
// evaluation customer in a kps-listing/1 (purpose eval-kit), signed by the station.
#include "kps/app/operations/custody.hpp"
#include "kps/reports/listing_writer.hpp"

#include <QDir>

namespace kps::app {

using namespace provisioning;

namespace {

reports::ListingHeader kitHeader(Station& station, const x509::CertificateInfo& recipient,
                                 const EvalKitKeys& keys, const QString& kitId) {
    const auto& signing = station.identity().signing;
    reports::ListingHeader header;
    header.purpose = reports::Purpose::EvalKit;
    header.order = kitId;
    header.created = QDateTime::currentDateTimeUtc();
    header.sender = {QString::fromStdString(signing.subject),
                     QString::fromStdString(signing.sha256Hex)};
    header.recipient = {QString::fromStdString(recipient.subject),
                        QString::fromStdString(recipient.sha256Hex)};
    header.kek = {keys.kek.wrap, keys.kek.wrapped, keys.kek.kcv};
    for (const IncomingMaster& master : keys.masters)
        header.masters.push_back({master.name, master.length, master.wrapped, master.kcv});
    header.hasEndpoints = false;
    return header;
}

CommandResult<void> writeKit(Station& station, const QString& path,
                             const reports::ListingHeader& header) {
    KPS_TRY_LET_MAP(writer, reports::ListingWriter::create(path, header), fromError);
    KPS_TRY_MAP(writer->finish(station.signer()), fromError);
    return {};
}

/// Creates `path` exclusively (O_EXCL): an export never replaces another file.
bool createNew(const QString& path) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::NewOnly);
}

struct KitName {
    QString id;
    QString path;
};

/// The kit's name, its file created empty so no other export can take it: EVAL-date-time,
/// then -2, -3, ... when kits are exported within the same second. `out`, if given, is
/// taken as it is or refused.
CommandResult<KitName> reserveKitName(const QString& exports, const QString& out) {
    const QString stamp = QStringLiteral("EVAL-") + QDateTime::currentDateTimeUtc().toString(
                                                        QStringLiteral("yyyyMMdd-HHmmss"));
    if (!out.isEmpty()) {
        if (!createNew(out))
            return tl::unexpected(CommandError{
                BadInput, out + QStringLiteral(": the file exists (or cannot be created); an "
                                               "export never replaces another: name a new file")});
        return KitName{stamp, out};
    }
    constexpr int kMostPerSecond = 1000;
    for (int n = 1; n <= kMostPerSecond; ++n) {
        const QString id = n == 1 ? stamp : stamp + QStringLiteral("-%1").arg(n);
        const QString path =
            QDir(exports).filePath(QStringLiteral("eval-kits/") + id + QStringLiteral(".json"));
        if (createNew(path))
            return KitName{id, path};
        if (!QFileInfo::exists(path))
            return tl::unexpected(
                CommandError{DeviceFailure, path + QStringLiteral(": cannot be created")});
    }
    return tl::unexpected(
        CommandError{DeviceFailure, QStringLiteral("%1: too many kits in one second").arg(stamp)});
}

} // namespace

CommandResult<EvalKitFiles> exportEvalKit(Station& station, const Custodians& custodians,
                                          const QString& certificate,
                                          const secure::SecretBytes& soPin, const QString& out) {
    auto recipient = x509::readCertificateFile(certificate.toStdString());
    if (!recipient)
        return tl::unexpected(
            CommandError{BadInput, certificate + QStringLiteral(": ") +
                                       QString::fromStdString(recipient.error().reason)});
    if (auto usable = checkRecipientCertificate(*recipient, certificate, certificate, {},
                                                QDateTime::currentDateTimeUtc());
        !usable)
        return tl::unexpected(CommandError{BadInput, usable.error().message()});
    // The kit's name first: an --out that exists is refused before the HSM exports (and
    // the audit records) a kit that could not be written.
    KPS_TRY_LET(name, reserveKitName(station.paths().exports(), out));
    const QString& path = name.path;
    auto keys =
        station.custody().exportEvalKit(custodians.first, custodians.second, *recipient, soPin);
    if (!keys) {
        QFile::remove(path); // the reserved, still empty name
        return tl::unexpected(fromError(keys.error()));
    }
    const QString& kitId = name.id;
    auto written = writeKit(station, path, kitHeader(station, *recipient, *keys, kitId));
    if (!written) {
        QFile::remove(path); // the reserved, still empty name
        return tl::unexpected(written.error());
    }
    const QString signer =
        QFileInfo(path).absoluteDir().filePath(QStringLiteral("station-signing.crt"));
    const auto pem = x509::certificateToPem(station.identity().signing.der);
    KPS_TRY_MAP(reports::writeFileAtomically(signer, QByteArray::fromStdString(pem)), fromError);
    return EvalKitFiles{path, signer, kitId};
}

} // namespace kps::app
