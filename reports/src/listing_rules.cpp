#include "listing_rules.hpp"

#include "kps/schemas/validator.hpp"

#include <QJsonArray>

namespace kps::reports::rules {
namespace {

QString fingerprintOf(const QJsonObject& header, const char* party) {
    return header[QString::fromLatin1(party)][QStringLiteral("certificateSha256")].toString();
}

ReportResult<void> checkRecipient(const QJsonObject& header, const ListingSource& source) {
    if (source.recipientCertificate.isEmpty())
        return {};
    auto recipient = x509::readCertificateFile(source.recipientCertificate.toStdString());
    if (!recipient)
        return reportFailure(ReportErrorKind::BadInput, source.recipientCertificate, {},
                             QString::fromStdString(recipient.error().reason));
    if (fingerprintOf(header, "recipient").toStdString() != recipient->sha256Hex)
        return reportFailure(ReportErrorKind::BadInput, source.listing,
                             QStringLiteral("/recipient/certificateSha256"),
                             QStringLiteral("the listing is addressed to another recipient"),
                             QStringLiteral("Check that you were sent the right file"));
    return {};
}

} // namespace

ReportResult<void> checkHeader(const QJsonObject& header, bool hasEndpoints, qint64 endpoints,
                               const ListingSource& source, const x509::CertificateInfo& sender) {
    QJsonObject document = header; // the entries are checked one by one later
    if (hasEndpoints)
        document.insert(QStringLiteral("endpoints"), QJsonArray());
    if (auto valid = schemas::validate(document, QStringLiteral("kps-listing/1"), source.listing);
        !valid)
        return tl::unexpected(ReportError::fromInput(valid.error()));
    if (fingerprintOf(header, "sender").toStdString() != sender.sha256Hex)
        return reportFailure(
            ReportErrorKind::BadInput, source.listing, QStringLiteral("/sender/certificateSha256"),
            QStringLiteral("names a different sender certificate than the one that signed it"));
    if (auto recipient = checkRecipient(header, source); !recipient)
        return recipient;
    const QJsonValue count = header[QStringLiteral("batch")][QStringLiteral("count")];
    if (!count.isUndefined() && count.toInteger() != endpoints)
        return reportFailure(ReportErrorKind::BadInput, source.listing,
                             QStringLiteral("/batch/count"),
                             QStringLiteral("says %1 endpoints, the file holds %2")
                                 .arg(count.toInteger())
                                 .arg(endpoints));
    return {};
}

} // namespace kps::reports::rules
