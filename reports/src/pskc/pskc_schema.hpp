#pragma once
// RFC 6030's XML Schema, as libpskc (OATH Toolkit) checks it.
#include "kps/reports/report_error.hpp"

#include <QByteArray>

namespace kps::reports::pskc {

ReportResult<void> validate(const QByteArray& document, const QString& file);

} // namespace kps::reports::pskc
