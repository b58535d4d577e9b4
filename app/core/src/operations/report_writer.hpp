#pragma once
// The batch report's three signed files from one order's records (kps report, and the
// last step of kps close).
#include "kps/app/operations/close.hpp"

namespace kps::app {

CommandResult<ReportSummary> writeReportOf(provisioning::Station& station,
                                           provisioning::BatchRecords& records,
                                           const Progress& progress);

} // namespace kps::app
