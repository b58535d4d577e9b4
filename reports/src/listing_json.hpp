#pragma once
// kps-listing/1 parts read back from (schema-checked) JSON into values.
#include "kps/reports/listing.hpp"
#include "kps/reports/report_error.hpp"

#include <QJsonObject>

namespace kps::reports::json {

/// The header; `hasEndpoints` tells whether the file holds an endpoints array.
ListingHeader headerFrom(const QJsonObject& header, bool hasEndpoints);
EndpointEntry endpointFrom(const QJsonObject& entry);
/// The 8-byte address of a schema-checked text address as one number (for duplicates).
quint64 addressKey(const QString& address);

} // namespace kps::reports::json
