#pragma once
// What a listing's header must satisfy beyond its bytes: the purpose the command
// takes, the schema (with the purpose's rules), a batch count that matches the
// endpoints it holds, and the parties it names.
#include "kps/reports/listing_reader.hpp"

#include <QJsonObject>

namespace kps::reports::rules {

/// A file meant for another command is named as such before the schema's own
/// (purpose-dependent, hence less telling) complaint.
ReportResult<void> checkPurpose(const QJsonObject& header, bool hasEndpoints, qint64 endpoints,
                                Purpose expected, const QString& file);
ReportResult<void> checkSchema(const QJsonObject& header, bool hasEndpoints, const QString& file);
ReportResult<void> checkCount(const QJsonObject& header, qint64 endpoints, const QString& file);
/// `field` is "sender" or "recipient".
ReportResult<void> checkParty(const QJsonObject& header, const char* field,
                              const ListingParty& party, const QString& file);

} // namespace kps::reports::rules
