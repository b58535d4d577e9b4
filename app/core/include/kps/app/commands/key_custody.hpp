#pragma once
// The custodian ceremony's view of key custody: importing a customer's masters and
// confirming the destruction of an order's keys, each under dual control (two
// different key custodians, both logged in for the ceremony). Only names and check
// values (KCVs) come back; key values stay in the HSM.
#include "kps/app/outcome.hpp"
#include "kps/provisioning/station.hpp"

#include <memory>

namespace kps::app {

/// Two key custodians logged in one after the other for one ceremony.
struct CustodianPair {
    provisioning::Principal first;
    provisioning::Principal second;
};

struct CheckValue {
    QString name; // DATA_MASTER, ...
    QString kcv;  // 6 hex
};

struct CustodyResult {
    QString orderId;
    std::vector<CheckValue> keys; // imported, or destroyed
    QString record;               // where the proof is (file, audit row)
};

/// The engine side of the ceremony (kps masters import and destruction confirmation).
/// Called on a command's worker thread with the station's gate held.
class KeyCustody {
public:
    virtual ~KeyCustody() = default;
    virtual CommandResult<CustodyResult> importMasters(provisioning::Station& station,
                                                       const CustodianPair& custodians,
                                                       const QString& file) = 0;
    virtual CommandResult<CustodyResult> confirmDestruction(provisioning::Station& station,
                                                            const CustodianPair& custodians,
                                                            const QString& orderId) = 0;
};

/// The station's key custody as this build provides it.
std::shared_ptr<KeyCustody> stationKeyCustody();

/// Dual control: two different users, each allowed `action`. A refusal is audited.
CommandResult<void> checkDualControl(provisioning::Station& station,
                                     const CustodianPair& custodians,
                                     provisioning::Action action, const QString& subject);

} // namespace kps::app
