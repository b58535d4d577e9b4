#pragma once
// kps close and kps report: everything that leaves the station for an order.
#include "kps/app/operations/progress.hpp"
#include "kps/app/outcome.hpp"
#include "kps/provisioning/station.hpp"
#include "kps/reports/batch_report.hpp"

namespace kps::app {

struct ExportFiles {
    QString directory;
    QString listing;             // ORDER-customer-listing.json (+ .sig)
    QString dmBatch;             // ORDER-dm-batch.json (+ .sig)
    reports::ReportFiles report; // ORDER-report.json/.pdf/.csv (+ .sig each)
    QString signerCertificate;
};

ExportFiles exportFilesFor(const provisioning::StationPaths& paths, const QString& orderId);

struct ReportSummary {
    reports::ReportFiles files;
    bool interim = false;
    qint64 anchorSeq = 0;
    qint64 endpoints = 0; // rows of the CSV
};

struct CloseSummary {
    ExportFiles files;
    qint64 endpoints = 0;
    QStringList destroyed;
    QString destructionRecord; // ORDER-destruction.json (+ .sig), kps-destruction/1
    ReportSummary report;
    bool finishedEarlierClose = false; // a close interrupted after its commit: report written
};

/// Exports the listing and the DM batch, destroys the order's keys in the HSM (and
/// files the signed destruction record), closes the order (a signed audit checkpoint
/// seals it) and writes the report. Refused while endpoints are in progress, and for
/// customer-masters/customer-list orders until two key custodians have destroyed the
/// customer's keys (kps destroy). A cancelled close leaves the order open; once the
/// close is committed a cancel is not heeded (the report is written), and a close that
/// was interrupted after its commit is finished by the next one (its report written).
CommandResult<CloseSummary> closeOrder(provisioning::Station& station,
                                       const provisioning::Principal& by,
                                       const provisioning::OrderId& orderId,
                                       const Progress& progress = {});

/// (Re)writes the batch report (JSON, PDF, CSV) from the store and the audit chain,
/// anchored to the order's close checkpoint (or, while the order is open, to a fresh
/// one: an interim report). The PDF is drawn where `progress` says (the GUI thread).
CommandResult<ReportSummary> writeReport(provisioning::Station& station,
                                         const provisioning::Principal& by,
                                         const provisioning::OrderId& orderId,
                                         const Progress& progress = {});

} // namespace kps::app
