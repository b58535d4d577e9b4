#pragma once
// Key custody commands (two key custodians each): import a customer's masters or key
// list, destroy a customer order's keys with a signed destruction record, and send
// the MANUF masters to an evaluation customer.
#include "kps/app/outcome.hpp"
#include "kps/provisioning/station.hpp"

#include <atomic>

namespace kps::app {

struct Custodians {
    provisioning::Principal first;
    provisioning::Principal second;
};

CommandResult<provisioning::KeyImportSummary>
importMasters(provisioning::Station& station, const Custodians& custodians, const QString& file);
CommandResult<provisioning::KeyImportSummary>
importKeyList(provisioning::Station& station, const Custodians& custodians, const QString& file,
              const provisioning::ImportObserver& observer, const std::atomic<bool>& cancel);

struct DestructionFiles {
    QString record;    // exports/ORDER/ORDER-destruction.json
    QString signature; // the same + .sig (station key, `openssl dgst -sha256 -verify`)
    QString sha256;
    provisioning::DestructionRecord destruction;
};

QString destructionRecordPath(const provisioning::StationPaths& paths, const QString& orderId);

/// `kps destroy ORDER`: the keys of a customer-masters or customer-list order.
CommandResult<DestructionFiles> destroyCustomerKeys(provisioning::Station& station,
                                                    const Custodians& custodians,
                                                    const provisioning::OrderId& orderId);
/// Signs and files a destruction record, then records it in the store and the audit chain.
CommandResult<DestructionFiles> fileDestruction(provisioning::Station& station,
                                                const provisioning::DestructionRecord& record,
                                                const QString& actor);

struct EvalKitFiles {
    QString kit; // kps-listing/1, purpose eval-kit (+ .sig)
    QString signerCertificate;
    QString kitId;
};

/// `kps evalkit --to CERT`: MANUF masters wrapped to the evaluation customer.
CommandResult<EvalKitFiles> exportEvalKit(provisioning::Station& station,
                                          const Custodians& custodians, const QString& certificate,
                                          const secure::SecretBytes& soPin, const QString& out);

} // namespace kps::app
