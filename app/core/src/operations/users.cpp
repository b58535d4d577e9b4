#include "kps/app/operations/users.hpp"

namespace kps::app {

using namespace provisioning;

CommandResult<void> addUser(Station& station, const Approvers& by, const QString& name, Role role,
                            const QString& badge, const secure::SecretBytes& pin) {
    KPS_TRY_MAP(station.users().add(by, name, role, badge, pin), fromError);
    return {};
}

CommandResult<void> changeUser(Station& station, const Approvers& by, UserChange change,
                               const QString& name, const secure::SecretBytes* pin) {
    KPS_TRY_MAP(station.users().change(by, change, name, pin), fromError);
    return {};
}

CommandResult<std::vector<UserSummary>> listUsers(Station& station, const Principal& by) {
    KPS_TRY_LET_MAP(users, station.users().list(by), fromError);
    return users;
}

} // namespace kps::app
