#pragma once
// The station's audit chain: appending events, and `kps audit verify` (station_audit.cpp,
// audit_verify.cpp). A station alone has one chain, sealed by checkpoints its key signs;
// on a shared registry every station has its own chain (rows of its `station`, each
// linked to the previous one of the same station), and each is checked.
#include "kps/provisioning/audit.hpp"
#include "kps/provisioning/error.hpp"
#include "kps/provisioning/roles.hpp"

#include <QJsonObject>
#include <vector>

namespace kps::provisioning {

class Station;
class StationCore;

/// One chain's check.
struct ChainVerification {
    QString station; // "" for a station alone on its SQLite file
    qint64 rows = 0;
    qint64 checkpoints = 0;    // signed checkpoints checked (a station alone)
    qint64 lastCheckpoint = 0; // seq of the last signed checkpoint
    bool intact = true;
    qint64 firstBroken = 0; // seq of the first bad row (or of the bad checkpoint)
    QString reason;
    QString headHash;
    /// Rows after the last checkpoint: they chain, but no signature covers them yet.
    qint64 unsealedRows() const { return rows - lastCheckpoint; }
};

/// `kps audit verify`: the station's chain, or every chain of a shared registry.
struct AuditVerification {
    bool sharedRegistry = false;
    std::vector<ChainVerification> chains;

    bool intact() const;
    /// The first broken chain, if any.
    const ChainVerification* broken() const;
    qint64 rows() const;
};

class AuditTrail {
public:
    AuditTrail(Station& station, StationCore& core)
        : station_(station)
        , core_(core) {}

    /// Appends one event to this station's chain (its own transaction).
    Outcome<AuditEntry> append(const QString& actor, const QString& event, const QString& subject,
                               const QJsonObject& detail);
    /// For a role allowed to verify the audit: every row's hash and link, and (a
    /// station alone) every checkpoint's hash and signature against the station's
    /// signing certificate; a shared registry's chains each on their own.
    Outcome<AuditVerification> verify(const Principal& by);
    /// The merged view of an order: the rows of every station whose subject is the order
    /// or whose detail names it, in seq order (a role allowed to verify the audit).
    Outcome<std::vector<AuditEntry>> orderView(const Principal& by, const QString& orderId);

private:
    Station& station_;
    StationCore& core_;
};

} // namespace kps::provisioning
