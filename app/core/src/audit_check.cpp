#include "kps/app/audit_check.hpp"

namespace kps::app {

using namespace provisioning;

CommandResult<AuditVerification> verifyAuditChain(Store& store) {
    AuditVerification result;
    QString previous = kAuditGenesis;
    auto walked = store.forEachAudit([&](const AuditEntry& entry) -> Done {
        ++result.rows;
        QString problem;
        if (entry.seq != result.rows)
            problem =
                QStringLiteral("row %1 found where row %2 belongs (deleted or reordered rows)")
                    .arg(entry.seq)
                    .arg(result.rows);
        else if (entry.prev != previous)
            problem = QStringLiteral("does not link to the previous row's hash");
        else if (auditHash(entry) != entry.hash)
            problem = QStringLiteral("its content does not match its hash (the row was changed)");
        if (!problem.isEmpty() && result.intact) {
            result.intact = false;
            result.firstBroken = result.rows;
            result.reason = problem;
        }
        previous = entry.hash;
        result.headHash = entry.hash;
        return {};
    });
    if (!walked)
        return tl::unexpected(fromError(walked.error()));
    return result;
}

} // namespace kps::app
