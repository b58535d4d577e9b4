#pragma once
// The station's users, for administrators.
#include "kps/app/outcome.hpp"
#include "kps/provisioning/station.hpp"

namespace kps::app {

CommandResult<void> addUser(provisioning::Station& station, const provisioning::Principal& by,
                            const QString& name, provisioning::Role role, const QString& badge,
                            const secure::SecretBytes& pin);
CommandResult<std::vector<provisioning::UserSummary>> listUsers(provisioning::Station& station,
                                                                const provisioning::Principal& by);

} // namespace kps::app
