#pragma once
// What the batch report reads of the store (store_report.cpp).
#include "kps/provisioning/audit.hpp"
#include "kps/provisioning/batch_records.hpp"

namespace kps::provisioning {

class Store;

class StoreReports {
public:
    explicit StoreReports(Store& store)
        : store_(store) {}
    Outcome<UnitOutcomes> unitOutcomes(const QString& orderId);
    /// The order's finished endpoints in about `stretches` equal stretches.
    Outcome<std::vector<FinishedStretch>> yieldSeries(const QString& orderId, int stretches);
    /// Audit rows whose subject is `subject` (an order's own events), up to row `upTo`.
    Outcome<std::vector<AuditEntry>> auditOf(const QString& subject, qint64 upTo);
    /// Id and role of each key with a KCV in the order's endpoints (its first endpoint).
    Outcome<std::vector<std::pair<int, QString>>> kcvColumns(const QString& orderId);

private:
    Store& store_;
};

} // namespace kps::provisioning
