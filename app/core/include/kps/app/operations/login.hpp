#pragma once
// Logging in (a PIN in hand, or in a 0600 file), and the demo's and the tests' staff.
#include "kps/app/outcome.hpp"
#include "kps/provisioning/station.hpp"

namespace kps::app {

/// Logs in a user name or badge with a PIN (which the caller wipes).
CommandResult<provisioning::Principal> logIn(provisioning::Station& station, const QString& login,
                                             const secure::SecretBytes& pin);

/// Logs in a user whose PIN sits in a 0600 file.
CommandResult<provisioning::Principal>
loginWithPinFile(provisioning::Station& station, const QString& user, const QString& pinFile);

struct StaffMember {
    QString name;
    provisioning::Role role;
};

/// The demo's and the tests' staff an administrator adds: one of each role but custodian
/// (the two custodians are enrolled at init: trainingCustodians()).
const std::vector<StaffMember>& demoStaff();

/// Training stations only (the demo's, the tests'): custodian1 and custodian2 join
/// kps init with fresh random PINs, which writePins() then files as DIR/NAME.pin. A
/// real station's custodians choose their own PINs at the ceremony.
class TrainingCustodians {
public:
    /// Adds the two custodians (with their PINs) to `options`.
    explicit TrainingCustodians(provisioning::InitOptions& options);
    CommandResult<void> writePins(const QString& pinDirectory) const;

private:
    std::vector<std::pair<QString, secure::SecretBytes>> pins_;
};

/// Adds each member with a fresh random PIN written to DIR/NAME.pin (0600).
CommandResult<void> addStaff(provisioning::Station& station, const provisioning::Principal& admin,
                             const std::vector<StaffMember>& staff, const QString& pinDirectory);

} // namespace kps::app
