#pragma once
// kps audit verify: walks the whole chain and reports the first broken link.
#include "kps/app/outcome.hpp"
#include "kps/provisioning/store.hpp"

namespace kps::app {

struct AuditVerification {
    qint64 rows = 0;
    bool intact = true;
    qint64 firstBroken = 0; // seq of the first bad row
    QString reason;
    QString headHash;
};

CommandResult<AuditVerification> verifyAuditChain(provisioning::Store& store);

} // namespace kps::app
