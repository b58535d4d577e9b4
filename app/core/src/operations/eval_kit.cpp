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
    KPS_TRY_LET_MAP(
        keys,
        station.custody().exportEvalKit(custodians.first, custodians.second, *recipient, soPin),
        fromError);
    const QString kitId = QStringLiteral("EVAL-") + QDateTime::currentDateTimeUtc().toString(
                                                        QStringLiteral("yyyyMMdd-HHmmss"));
    const QString path =
        out.isEmpty()
            ? QDir(station.paths().exports())
                  .filePath(QStringLiteral("eval-kits/") + kitId + QStringLiteral(".json"))
            : out;
    QDir().mkpath(QFileInfo(path).absolutePath());
    KPS_TRY_LET_MAP(
        writer, reports::ListingWriter::create(path, kitHeader(station, *recipient, keys, kitId)),
        fromError);
    KPS_TRY_MAP(writer->finish(station.signer()), fromError);
    const QString signer =
        QFileInfo(path).absoluteDir().filePath(QStringLiteral("station-signing.crt"));
    const auto pem = x509::certificateToPem(station.identity().signing.der);
    KPS_TRY_MAP(reports::writeFileAtomically(signer, QByteArray::fromStdString(pem)), fromError);
    return EvalKitFiles{path, signer, kitId};
}

} // namespace kps::app
