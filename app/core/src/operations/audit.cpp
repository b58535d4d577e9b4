#include "kps/app/operations/audit.hpp"

namespace kps::app {

using namespace provisioning;

CommandResult<AuditVerification> verifyAudit(Station& station, const Principal& by) {
    KPS_TRY_LET_MAP(verification, station.audit().verify(by), fromError);
    return verification;
}

std::optional<CommandError> brokenChain(const AuditVerification& verification) {
    const ChainVerification* broken = verification.broken();
    if (!broken)
        return std::nullopt;
    const QString where = verification.sharedRegistry
                              ? QStringLiteral("audit chain of station %1").arg(broken->station)
                              : QStringLiteral("audit chain");
    return CommandError{BadInput, QStringLiteral("%1 broken at row %2: %3")
                                      .arg(where)
                                      .arg(broken->firstBroken)
                                      .arg(broken->reason)};
}

} // namespace kps::app
