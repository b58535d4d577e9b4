#pragma once
// The text of the report's PDF pages as HTML (QTextDocument's subset): the one-page
// summary and the detail that follows the charts.
#include "kps/reports/batch_report.hpp"

namespace kps::reports::html {

QString summaryPage(const ReportFacts& facts);
QString detailPages(const ReportFacts& facts, const std::vector<NamedHash>& companions);

} // namespace kps::reports::html
