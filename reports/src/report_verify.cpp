#include "kps/reports/report_verify.hpp"

#include "customer_crypto.hpp"
#include "kps/schemas/input_file.hpp"
#include "kps/schemas/validator.hpp"
#include "kps/x509/certificate.hpp"
#include "kps/x509/signature.hpp"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

namespace kps::reports {
namespace {

using Bytes = std::span<const std::uint8_t>;

Bytes bytesOf(const QByteArray& array) {
    return {reinterpret_cast<const std::uint8_t*>(array.constData()), std::size_t(array.size())};
}

tl::unexpected<ReportError> tampered(const QString& file, const QString& reason) {
    return reportFailure(ReportErrorKind::Signature, file, {}, reason,
                         QStringLiteral("The report was changed or is not the station's: do not "
                                        "rely on it"));
}

ReportResult<QByteArray> readSmall(const QString& path, qint64 limit) {
    auto bytes = schemas::readInputFile(path, limit);
    if (!bytes)
        return tl::unexpected(ReportError::fromInput(bytes.error()));
    return *bytes;
}

/// A companion file: its SHA-256 as the JSON says, and its own signature.
ReportResult<void> checkCompanion(const QString& path, const QString& sha256,
                                  const x509::CertificateInfo& station) {
    QFile file(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!schemas::openInputFile(file, 0) || !hash.addData(&file))
        return reportFailure(ReportErrorKind::BadInput, path, {},
                             QStringLiteral("cannot be read: ") + file.errorString());
    const QByteArray digest = hash.result();
    if (QString::fromLatin1(digest.toHex()) != sha256)
        return tampered(path, QStringLiteral("its SHA-256 differs from the one the report names"));
    auto signature = readSmall(path + QStringLiteral(".sig"), 4096);
    if (!signature)
        return tl::unexpected(signature.error());
    if (x509::verifiedDigestScheme(
            station.der,
            std::span<const std::uint8_t, 32>(
                reinterpret_cast<const std::uint8_t*>(digest.constData()), 32),
            {reinterpret_cast<const std::uint8_t*>(signature->constData()),
             std::size_t(signature->size())}) == x509::SignatureScheme::None)
        return tampered(path, QStringLiteral("its signature does not verify"));
    return {};
}

/// The bytes a checkpoint signs; the same as provisioning's checkpointMessage (audit.hpp),
/// which this layer cannot include (a test holds the two equal).
QByteArray checkpointText(qint64 seq, const QString& hash) {
    return "kps-audit-checkpoint/1 " + QByteArray::number(seq) + ' ' + hash.toLatin1();
}

ReportResult<void> checkAnchor(const QJsonObject& anchor, const x509::CertificateInfo& station,
                               const QString& file) {
    const QByteArray message = checkpointText(anchor[QStringLiteral("seq")].toInteger(),
                                              anchor[QStringLiteral("hash")].toString());
    const QByteArray signature =
        QByteArray::fromBase64(anchor[QStringLiteral("signature")].toString().toLatin1());
    if (anchor[QStringLiteral("signerSha256")].toString().toStdString() != station.sha256Hex ||
        !x509::verifySignature(station.der, bytesOf(message), bytesOf(signature)))
        return tampered(file,
                        QStringLiteral("/auditHead: the checkpoint signature does not verify"));
    return {};
}

ReportResult<void> checkNamedFiles(const QJsonArray& files, const QDir& directory, bool required,
                                   const x509::CertificateInfo& station, QStringList& checked) {
    for (const QJsonValue named : files) {
        const QString path = directory.filePath(named[QStringLiteral("file")].toString());
        if (!required && !QFile::exists(path))
            continue;
        if (auto fine = checkCompanion(path, named[QStringLiteral("sha256")].toString(), station);
            !fine)
            return fine;
        checked << path;
    }
    return {};
}

} // namespace

ReportResult<ReportCheck> verifyReport(const QString& reportJson,
                                       const QString& senderCertificate) {
    auto station = x509::readCertificateFile(senderCertificate.toStdString());
    if (!station)
        return reportFailure(ReportErrorKind::BadInput, senderCertificate, {},
                             QString::fromStdString(station.error().reason));
    auto bytes = readSmall(reportJson, schemas::kMaxDocumentBytes);
    auto signature = readSmall(reportJson + QStringLiteral(".sig"), 4096);
    if (!bytes || !signature)
        return tl::unexpected(bytes ? signature.error() : bytes.error());
    if (!x509::verifySignature(station->der, bytesOf(*bytes), bytesOf(*signature)))
        return tampered(reportJson, QStringLiteral("the signature does not verify with the "
                                                   "station's certificate"));
    auto json = schemas::parseDocument(*bytes, QStringLiteral("kps-report/1"), reportJson);
    if (!json)
        return tl::unexpected(ReportError::fromInput(json.error()));
    if ((*json)[QStringLiteral("station")][QStringLiteral("certificateSha256")]
            .toString()
            .toStdString() != station->sha256Hex)
        return tampered(reportJson, QStringLiteral("/station: names another station certificate"));
    const QJsonObject anchor = (*json)[QStringLiteral("auditHead")].toObject();
    if (auto anchored = checkAnchor(anchor, *station, reportJson); !anchored)
        return tl::unexpected(anchored.error());
    ReportCheck check{(*json)[QStringLiteral("order")].toString(),
                      (*json)[QStringLiteral("interim")].toBool(),
                      anchor[QStringLiteral("seq")].toInteger(),
                      anchor[QStringLiteral("hash")].toString(),
                      {reportJson}};
    const QDir directory = QFileInfo(reportJson).dir();
    // The PDF and CSV must be there; the exports it names (listing, DM batch, destruction
    // record) are checked where they lie beside it.
    for (const auto& [list, required] :
         {std::pair{"companions", true}, std::pair{"exports", false}})
        if (auto checked = checkNamedFiles((*json)[QString::fromLatin1(list)].toArray(), directory,
                                           required, *station, check.files);
            !checked)
            return tl::unexpected(checked.error());
    return check;
}

} // namespace kps::reports
