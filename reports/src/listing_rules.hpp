#pragma once
// What a listing's header must satisfy beyond its bytes: the schema (with the
// purpose's rules), the sender that signed it, the recipient it names, and a batch
// count that matches the endpoints it holds.
#include "kps/reports/listing_reader.hpp"
#include "kps/x509/certificate.hpp"

#include <QJsonObject>

namespace kps::reports::rules {

ReportResult<void> checkHeader(const QJsonObject& header, bool hasEndpoints, qint64 endpoints,
                               const ListingSource& source, const x509::CertificateInfo& sender);

} // namespace kps::reports::rules
