#pragma once
// What the exports and the batch report of one order read, and the rows they write
// (batch_records.cpp). Orders::records() hands one out only to a role allowed to
// write the order's report, Orders::beginClose() to one allowed to close it: the
// role is checked when the object is made, so every read below is covered.
#include "kps/provisioning/audit.hpp"
#include "kps/provisioning/ports/key_vault.hpp"
#include "kps/provisioning/records.hpp"
#include "kps/provisioning/roles.hpp"

#include <QJsonArray>
#include <functional>
#include <vector>

namespace kps::provisioning {

class Station;
class StationCore;

/// How the units of an order ended (a unit is one MCU unique ID, or one address
/// where the failure came before the ID was read).
struct UnitOutcomes {
    qint64 scrapped = 0; // failed and never verified
    qint64 reworked = 0; // failed at least once, then verified
    qint64 retried = 0;  // finished endpoints that took more than one attempt
    qint64 retries = 0;  // their attempts beyond the first
};

/// Endpoints finished in one stretch of an order, in finishing order.
struct FinishedStretch {
    qint64 first = 0; // 1-based position of the stretch's first endpoint
    qint64 verified = 0;
    qint64 failed = 0;
};

/// A shared registry: one station's share of an order and the head of its chain.
struct StationShare {
    QString station;
    qint64 verified = 0;
    qint64 failed = 0;
    qint64 auditSeq = 0;
    QString auditHash;
};

/// The store's facts of an order as of an anchor (a signed checkpoint): rows after it
/// do not change them.
struct BatchFacts {
    OrderRecord record;
    std::vector<std::pair<QString, int>> failures; // reason, count
    std::vector<qint64> cycleTimes;                // ms, verified endpoints, ascending
    qint64 inProgress = 0;
    UnitOutcomes units;
    std::vector<FinishedStretch> yieldSeries;
    std::vector<std::pair<QString, qint64>> firmware; // verified endpoints per image SHA-256
    QString profileSha256;          // of the profile pinned to the order ("" for older orders)
    std::vector<AuditEntry> events; // the order's own audit rows up to the anchor
    std::vector<std::pair<QString, Role>> roles;      // user name, role (of every known user)
    std::vector<StationShare> stations;               // a shared registry's stations
    std::vector<std::pair<QString, QString>> masters; // name, KCV
};

/// The DM master wrapped under the order's head-end KEK (headend.dm = master).
struct HeadendMaster {
    WrappedMaster master;
    QString kcv;
};

using EndpointVisit = std::function<Done(const EndpointRow&)>;

class BatchRecords {
public:
    const OrderRecord& record() const { return record_; }
    const Principal& principal() const { return by_; }

    /// The verified endpoints with their wrapped secrets, in index order (exports).
    Done forEachVerified(const EndpointVisit& visit);
    /// Every endpoint of the order, in index order (the report's CSV).
    Done forEachEndpoint(const EndpointVisit& visit);
    /// Id and role of each key with a KCV (the CSV's columns).
    Outcome<std::vector<std::pair<int, QString>>> kcvColumns();
    /// headend.dm = master: the profile's DM master, where its key policy lets it go
    /// to the head-end (refused otherwise), with its recorded KCV.
    Outcome<HeadendMaster> headendDmMaster();
    /// The report's anchor: the checkpoint that sealed the order's close, or, while the
    /// order is open, a fresh one over a report.anchor row (an interim report).
    Outcome<AuditCheckpoint> anchor();
    Outcome<BatchFacts> facts(const AuditCheckpoint& anchor);
    /// Audit rows of what left the station: an export, the report's files.
    Done recordExport(const QString& file, const QString& sha256);
    Done recordReport(qint64 anchorSeq, const QJsonArray& files);

private:
    friend class Orders;
    friend class OrderClosing;
    BatchRecords(Station& station, StationCore& core, Principal by, OrderRecord record)
        : station_(&station)
        , core_(&core)
        , by_(std::move(by))
        , record_(std::move(record)) {}
    Station* station_;
    StationCore* core_;
    Principal by_;
    OrderRecord record_;
};

} // namespace kps::provisioning
