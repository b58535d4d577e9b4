#pragma once
// The store's audit chain (store_audit.cpp) and its signed checkpoints
// (store_checkpoints.cpp).
#include "kps/provisioning/audit.hpp"
#include "kps/provisioning/error.hpp"

#include <QDateTime>
#include <functional>

namespace kps::provisioning {

class Store;

class StoreAudit {
public:
    explicit StoreAudit(Store& store)
        : store_(store) {}
    Outcome<AuditEntry> append(const QString& actor, const QString& event, const QString& subject,
                               const QJsonObject& detail, const QDateTime& at);
    /// The head of this station's chain (StoreLocation::station).
    Outcome<AuditEntry> head();
    Outcome<AuditEntry> headOf(const QString& station);
    /// Every row of every station, in the order they were written (seq).
    Done forEach(const std::function<Done(const AuditEntry&)>& visit);
    /// One station's chain, oldest first.
    Done forEachOf(const QString& station, const std::function<Done(const AuditEntry&)>& visit);
    /// The stations that have a chain in this store ("" for a lone SQLite station).
    Outcome<QStringList> stations();

    /// Signs the head of the chain now (call inside the transaction that wrote it);
    /// returns the head's existing checkpoint if it has one.
    Outcome<AuditCheckpoint> checkpoint(const QString& reason);
    Done forEachCheckpoint(const std::function<Done(const AuditCheckpoint&)>& visit);
    /// The checkpoint that seals the last row of `event` about `subject` (order close).
    Outcome<std::optional<AuditCheckpoint>> checkpointOf(const QString& event,
                                                         const QString& subject);

private:
    Done sealIfDue(const AuditEntry& entry);
    Outcome<AuditCheckpoint> insertCheckpoint(const AuditEntry& entry, const QString& reason);
    Store& store_;
};

} // namespace kps::provisioning
