#pragma once
// kps audit verify, for the command line and the auditor's view alike: a station
// alone has its chain and signed checkpoints checked, a shared registry each station's
// chain (docs/auditors.md shows the same checks with sqlite3, sha256sum and openssl).
#include "kps/app/outcome.hpp"
#include "kps/provisioning/station.hpp"

#include <optional>

namespace kps::app {

/// The verification, intact or not (refused unless the role may verify the audit).
CommandResult<provisioning::AuditVerification> verifyAudit(provisioning::Station& station,
                                                           const provisioning::Principal& by);

/// A broken chain as the user reads it (bad input: exit 2), naming the chain's station
/// on a shared registry and the first broken row; nothing for an intact audit.
std::optional<CommandError> brokenChain(const provisioning::AuditVerification& verification);

} // namespace kps::app
