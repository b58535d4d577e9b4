#pragma once
// JSON text of kps-listing/1 parts, in the field order docs/formats.md gives.
#include "kps/reports/listing.hpp"

namespace kps::reports::format {

/// One endpoint entry on one line.
QByteArray endpointText(const EndpointEntry& endpoint);
/// The header as text, ending just before where the endpoints array would start.
QByteArray headerText(const ListingHeader& header);

} // namespace kps::reports::format
