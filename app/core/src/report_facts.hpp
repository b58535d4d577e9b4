#pragma once
// The facts of a batch report, read from the store and the audit chain alone.
#include "kps/app/outcome.hpp"
#include "kps/provisioning/station.hpp"
#include "kps/reports/batch_report.hpp"

namespace kps::app {

CommandResult<reports::ReportFacts> gatherReportFacts(provisioning::Station& station,
                                                      const QString& orderId);

} // namespace kps::app
