#pragma once
// Logging in from the command line, and the demo's staff.
#include "kps/app/outcome.hpp"
#include "kps/provisioning/station.hpp"

namespace kps::app {

/// Logs in $KPS_LOGIN (user name or badge) with the PIN from $KPS_LOGIN_PIN (then
/// removed from the environment) or the file named by $KPS_LOGIN_PIN_FILE.
CommandResult<provisioning::Principal> loginFromEnvironment(provisioning::Station& station);

/// The second person of a dual-control step (the second key custodian): $KPS_LOGIN2
/// with $KPS_LOGIN2_PIN (then removed) or $KPS_LOGIN2_PIN_FILE.
CommandResult<provisioning::Principal> secondLoginFromEnvironment(provisioning::Station& station);

/// Logs in a user whose PIN sits in a 0600 file.
CommandResult<provisioning::Principal>
loginWithPinFile(provisioning::Station& station, const QString& user, const QString& pinFile);

struct StaffMember {
    QString name;
    provisioning::Role role;
};

/// The demo's and the tests' staff: one of each role and two custodians.
const std::vector<StaffMember>& demoStaff();

/// Adds each member with a fresh random PIN written to DIR/NAME.pin (0600).
CommandResult<void> addStaff(provisioning::Station& station, const provisioning::Principal& admin,
                             const std::vector<StaffMember>& staff, const QString& pinDirectory);

} // namespace kps::app
