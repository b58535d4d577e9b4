#include "listing_rules.hpp"

#include "kps/schemas/validator.hpp"

#include <QJsonArray>

namespace kps::reports::rules {

ReportResult<void> checkPurpose(const QJsonObject& header, bool hasEndpoints, qint64 endpoints,
                                Purpose expected, const QString& file) {
    const QString purpose = purposeName(expected);
    if (!header.contains(QStringLiteral("purpose")))
        return reportFailure(ReportErrorKind::BadInput, file, QStringLiteral("/"),
                             QStringLiteral("the required member purpose is missing; this "
                                            "command takes a file of purpose %1")
                                 .arg(purpose));
    const QString found = header[QStringLiteral("purpose")].toString();
    if (found != purpose)
        return reportFailure(
            ReportErrorKind::BadInput, file, QStringLiteral("/purpose"),
            QStringLiteral("the file's purpose is %1, this command takes %2").arg(found, purpose));
    const bool masters = expected == Purpose::Masters;
    const bool hasMasters = !header[QStringLiteral("masters")].toArray().isEmpty();
    if (masters ? !hasMasters : (!hasEndpoints || endpoints == 0))
        return reportFailure(
            ReportErrorKind::BadInput, file,
            masters ? QStringLiteral("/masters") : QStringLiteral("/endpoints"),
            QStringLiteral("a %1 file needs a non-empty %2 list")
                .arg(purpose, masters ? QStringLiteral("masters") : QStringLiteral("endpoints")));
    if (masters ? hasEndpoints : header.contains(QStringLiteral("masters")))
        return reportFailure(
            ReportErrorKind::BadInput, file,
            masters ? QStringLiteral("/endpoints") : QStringLiteral("/masters"),
            QStringLiteral("a %1 file carries no %2")
                .arg(purpose, masters ? QStringLiteral("endpoints") : QStringLiteral("masters")));
    return {};
}

ReportResult<void> checkSchema(const QJsonObject& header, bool hasEndpoints, const QString& file) {
    QJsonObject document = header; // the entries are checked one by one later
    if (hasEndpoints)
        document.insert(QStringLiteral("endpoints"), QJsonArray());
    if (auto valid = schemas::validate(document, QStringLiteral("kps-listing/1"), file); !valid)
        return tl::unexpected(ReportError::fromInput(valid.error()));
    return {};
}

ReportResult<void> checkCount(const QJsonObject& header, qint64 endpoints, const QString& file) {
    const QJsonValue count = header[QStringLiteral("batch")][QStringLiteral("count")];
    if (!count.isUndefined() && count.toInteger() != endpoints)
        return reportFailure(ReportErrorKind::BadInput, file, QStringLiteral("/batch/count"),
                             QStringLiteral("says %1 endpoints, the file holds %2")
                                 .arg(count.toInteger())
                                 .arg(endpoints));
    return {};
}

ReportResult<void> checkParty(const QJsonObject& header, const char* field,
                              const ListingParty& party, const QString& file) {
    const QString named =
        header[QString::fromLatin1(field)][QStringLiteral("certificateSha256")].toString();
    if (named.toStdString() == party.certificate.sha256Hex)
        return {};
    const bool sender = qstrcmp(field, "sender") == 0;
    return reportFailure(
        ReportErrorKind::BadInput, file,
        QStringLiteral("/%1/certificateSha256").arg(QString::fromLatin1(field)),
        sender ? QStringLiteral("the sender is not %1, whose key signed the file").arg(party.name)
               : QStringLiteral("the file is addressed to another certificate (%1), not %2")
                     .arg(named, party.name),
        sender ? QStringLiteral("The file names someone else as its sender: do not use it")
               : QStringLiteral("Check that the file was made for this recipient"));
}

} // namespace kps::reports::rules
