#pragma once
// The facts of a batch report, read from the store and the audit chain alone, as of
// a signed checkpoint (the anchor): rows after it do not change them.
#include "kps/app/outcome.hpp"
#include "kps/provisioning/station.hpp"
#include "kps/reports/batch_report.hpp"

namespace kps::app {

CommandResult<reports::ReportFacts> gatherReportFacts(provisioning::Station& station,
                                                      const provisioning::OrderRecord& record,
                                                      const provisioning::AuditCheckpoint& anchor);

} // namespace kps::app
