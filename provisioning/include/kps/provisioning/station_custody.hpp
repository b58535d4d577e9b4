#pragma once
// Key custody at the station: dual control, imports of a customer's masters and key
// lists, destruction of an order's keys with its proof, readiness of an order's keys
// for a run, evaluation kits (station_custody.cpp, station_imports.cpp,
// station_keylist.cpp).
#include "kps/provisioning/custody.hpp"
#include "kps/provisioning/order_id.hpp"
#include "kps/provisioning/ports/key_vault.hpp"
#include "kps/provisioning/roles.hpp"
#include "kps/x509/certificate.hpp"

#include <atomic>

namespace kps::provisioning {

class Station;
class StationCore;

/// Progress of a long import (called on the importing thread).
class ImportObserver {
public:
    virtual ~ImportObserver() = default;
    virtual void progress(qint64 /*done*/, qint64 /*total*/) const {}
};

class Custody {
public:
    Custody(Station& station, StationCore& core)
        : station_(station)
        , core_(core) {}

    /// Dual control: two different users, both allowed the action (refusals audited).
    Outcome<DualControl> requireDualControl(const Principal& first, const Principal& second,
                                            Action action, const QString& subject);
    /// Check an incoming file as completely as the import would, and write nothing (no
    /// audit row either): the command line calls these before anyone logs in. Key files
    /// are unwrapped into session objects only, their check values compared.
    Done checkMastersFile(const QString& file);
    Done checkKeyListFile(const QString& file);
    /// `kps masters import`: a kps-listing/1 (purpose masters) for a customer-masters
    /// order, signed by the order's customer and addressed to this station's import
    /// certificate. All or nothing: on any failure the token and the store are unchanged.
    Outcome<KeyImportSummary> importMasters(const Principal& first, const Principal& second,
                                            const QString& file);
    /// `kps keylist import`: a kps-listing/1 (purpose key-list) for a customer-list order.
    /// Each key is re-wrapped under the order's storage KEK into the store; all or nothing.
    Outcome<KeyImportSummary> importKeyList(const Principal& first, const Principal& second,
                                            const QString& file, const ImportObserver& observer,
                                            const std::atomic<bool>& cancel);
    /// Destroys every token object of a customer order and proves it by a search (two
    /// custodians, `kps destroy`). The caller signs and files the record, and records
    /// it with recordDestruction(). (Other orders' keys go at close: OrderClosing.)
    Outcome<DestructionRecord> destroyCustomerKeys(const Principal& first, const Principal& second,
                                                   const OrderId& orderId);
    Done recordDestruction(const DestructionRecord& record, const QString& file,
                           const QString& sha256, const QString& actor);
    /// Whether the order's keys were destroyed (and the record filed).
    Outcome<bool> keysDestroyed(const QString& orderId);
    /// Refuses to run an order whose keys are missing or destroyed.
    Done checkKeysReady(const OrderRecord& record);
    /// The MANUF masters for an evaluation customer (dual control and the SO PIN).
    Outcome<EvalKitKeys> exportEvalKit(const Principal& first, const Principal& second,
                                       const x509::CertificateInfo& recipient,
                                       const secure::SecretBytes& soPin);

private:
    friend class OrderClosing;
    /// The supervisor's destruction at close (manuf and random orders).
    Outcome<DestructionRecord> destroyKeysAtClose(const Principal& supervisor,
                                                  const OrderRecord& record);
    Station& station_;
    StationCore& core_;
};

} // namespace kps::provisioning
