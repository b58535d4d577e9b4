#pragma once
// The station's users, for administrators (a key custodian's enrolment or PIN reset with
// an existing custodian; with no administrator enabled, two custodians recover one).
#include "kps/app/outcome.hpp"
#include "kps/provisioning/station.hpp"

namespace kps::app {

CommandResult<void> addUser(provisioning::Station& station, const provisioning::Approvers& by,
                            const QString& name, provisioning::Role role, const QString& badge,
                            const secure::SecretBytes& pin);
/// Disable, enable, reset the PIN of (`pin`, else null) or remove a user.
CommandResult<void> changeUser(provisioning::Station& station, const provisioning::Approvers& by,
                               provisioning::UserChange change, const QString& name,
                               const secure::SecretBytes* pin = nullptr);
CommandResult<std::vector<provisioning::UserSummary>> listUsers(provisioning::Station& station,
                                                                const provisioning::Principal& by);

} // namespace kps::app
