#pragma once
// The custodian ceremony's view of key custody: importing a customer's masters or key
// list, and destroying a customer order's keys (with the signed destruction record),
// each under dual control (two different key custodians, both logged in for the
// ceremony). Only names and check values (KCVs) come back; key values stay in the HSM.
#include "kps/app/outcome.hpp"
#include "kps/provisioning/station.hpp"

#include <functional>
#include <memory>

namespace kps::app {

/// Two key custodians logged in one after the other for one ceremony.
struct CustodianPair {
    provisioning::Principal first;
    provisioning::Principal second;
};

struct CheckValue {
    QString name; // the token object's label (order:ORDER:DATA_MASTER, ...)
    QString kcv;  // 6 hex
};

struct CustodyResult {
    QString orderId;
    qint64 items = 0;             // masters, endpoints of a key list, objects destroyed
    std::vector<CheckValue> keys; // imported, or destroyed
    QString record;               // the proof: file SHA-256, or the destruction record
};

using CustodyProgress = std::function<void(qint64 done, qint64 total)>;

/// The engine side of the ceremony (kps masters import, kps keylist import, kps
/// destroy). Called on a command's worker thread with the station's gate held.
class KeyCustody {
public:
    virtual ~KeyCustody() = default;
    virtual CommandResult<CustodyResult> importMasters(provisioning::Station& station,
                                                       const CustodianPair& custodians,
                                                       const QString& file) = 0;
    virtual CommandResult<CustodyResult> importKeyList(provisioning::Station& station,
                                                       const CustodianPair& custodians,
                                                       const QString& file,
                                                       const CustodyProgress& progress,
                                                       const std::atomic<bool>& cancel) = 0;
    virtual CommandResult<CustodyResult> destroyKeys(provisioning::Station& station,
                                                     const CustodianPair& custodians,
                                                     const QString& orderId) = 0;
};

/// The station's key custody: the engine's imports and destruction (app/custody.hpp).
std::shared_ptr<KeyCustody> stationKeyCustody();

/// Dual control, as the engine checks it (Station::requireDualControl): two different
/// users, each allowed `action`. A refusal is audited.
CommandResult<void> checkDualControl(provisioning::Station& station,
                                     const CustodianPair& custodians, provisioning::Action action,
                                     const QString& subject);

} // namespace kps::app
