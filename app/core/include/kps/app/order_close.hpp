#pragma once
// kps close and kps report: everything that leaves the station for an order.
#include "kps/app/outcome.hpp"
#include "kps/provisioning/station.hpp"

namespace kps::app {

struct ExportFiles {
    QString directory;
    QString listing; // ORDER-customer-listing.json (+ .sig)
    QString dmBatch; // ORDER-dm-batch.json (+ .sig)
    QString report;  // ORDER-report.json (+ .sig)
    QString signerCertificate;
};

ExportFiles exportFilesFor(const provisioning::StationPaths& paths, const QString& orderId);

struct CloseSummary {
    ExportFiles files;
    qint64 endpoints = 0;
    QStringList destroyed;
    QString destructionRecord; // ORDER-destruction.json (+ .sig), kps-destruction/1
};

/// Exports the listing and the DM batch, destroys the order's keys in the HSM (and
/// files the signed destruction record), writes the report and closes the order.
/// Refused while endpoints are in progress, and for customer-masters/customer-list
/// orders until two key custodians have destroyed the customer's keys (kps destroy).
CommandResult<CloseSummary> closeOrder(provisioning::Station& station,
                                       const provisioning::Principal& by, const QString& orderId);

/// (Re)writes the batch report from the store and the audit chain.
CommandResult<QString> writeReport(provisioning::Station& station,
                                   const provisioning::Principal& by, const QString& orderId);

} // namespace kps::app
