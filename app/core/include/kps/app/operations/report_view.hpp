#pragma once
// An order's batch report as an auditor reads it: verified first, read after. The
// signed JSON, the audit checkpoint it is anchored to and every companion file (PDF,
// CSV, the exports it names) are checked against the station's signing certificate;
// a report that does not verify is refused, however readable it is.
#include "kps/app/outcome.hpp"
#include "kps/provisioning/station.hpp"
#include "kps/reports/report_verify.hpp"

#include <QJsonObject>

namespace kps::app {

struct ReportView {
    bool written = false; // no report yet: the station writes it when the order closes
    QString json;         // the signed report (kps-report/1)
    QString pdf;
    reports::ReportCheck check; // what was verified
    QJsonObject report;         // its facts, read once verified
};

/// For a role allowed to write the report (auditors, supervisors). Bad input (exit 2)
/// when the report does not verify: the error names the file and why.
CommandResult<ReportView> showReport(provisioning::Station& station,
                                     const provisioning::Principal& by,
                                     const provisioning::OrderId& orderId);

} // namespace kps::app
