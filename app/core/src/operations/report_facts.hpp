#pragma once
// The facts of a batch report, from the engine's records of the order as of a signed
// checkpoint (the anchor): rows after it do not change them.
#include "kps/provisioning/station.hpp"
#include "kps/reports/batch_report.hpp"

namespace kps::app {

reports::ReportFacts reportFactsOf(provisioning::Station& station,
                                   const provisioning::BatchFacts& batch,
                                   const provisioning::AuditCheckpoint& anchor);

} // namespace kps::app
