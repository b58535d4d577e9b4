#pragma once
// The station's users: login, the role check the engine applies to every action
// (station_users.cpp), and the administrators' user management (station_user_admin.cpp).
#include "kps/provisioning/error.hpp"
#include "kps/provisioning/roles.hpp"
#include "kps/secure/secret_bytes.hpp"

#include <optional>
#include <vector>

namespace kps::provisioning {

class Station;
class StationCore;
struct UserRow;

/// A user as the administrators' list shows it (never the PIN's hash).
struct UserSummary {
    QString name;
    Role role = Role::Operator;
    QString badge;
    bool disabled = false;
};

/// Who approves a change to the users, both logged in. Usually an administrator alone;
/// a key custodian's enrolment or PIN reset also needs an existing custodian (dual
/// control: one administrator cannot make a custodian whose PIN it knows); with no
/// administrator left enabled, two custodians together recover one.
struct Approvers {
    Principal first;
    std::optional<Principal> second;
};

/// What an administrator does to an existing user.
enum class UserChange { Disable, Enable, ResetPin, Remove };
QString userChangeName(UserChange change); // "disable", "enable", "reset-pin", "remove"

class Users {
public:
    Users(Station& station, StationCore& core)
        : station_(station)
        , core_(core) {}

    /// Checks a login (user name or badge) and PIN. The attempt is counted and audited in
    /// one transaction before the PIN's hash is checked, so parallel attempts get at most
    /// kMaxFailedLogins checks; an attempt that cannot be recorded is refused.
    Outcome<Principal> authenticate(const QString& login, const secure::SecretBytes& pin);
    /// Refuses (and audits the refusal) unless the principal's role allows the action.
    Done require(const Principal& principal, Action action, const QString& subject);
    /// Administrators add users; the PIN is stored as its Argon2id hash only. A custodian
    /// needs a second approver who is a custodian already.
    Done add(const Approvers& by, const QString& name, Role role, const QString& badge,
             const secure::SecretBytes& pin);
    /// Convenience for every role but custodian: one administrator.
    Done add(const Principal& by, const QString& name, Role role, const QString& badge,
             const secure::SecretBytes& pin) {
        return add(Approvers{by, std::nullopt}, name, role, badge, pin);
    }
    /// Disables, enables, resets the PIN of (`pin`) or removes a user; audited. The last
    /// enabled administrator cannot be disabled or removed, nor the custodians below two.
    Done change(const Approvers& by, UserChange change, const QString& name,
                const secure::SecretBytes* pin = nullptr);
    /// Every user, for an administrator.
    Outcome<std::vector<UserSummary>> list(const Principal& by);

private:
    Done approve(const Approvers& by, Action action, const QString& subject, const QString& target,
                 bool custodianTarget);
    Done recoverAdmin(const Approvers& by, const QString& name);
    Done keepsStaffing(const UserRow& user, UserChange change);
    Station& station_;
    StationCore& core_;
};

} // namespace kps::provisioning
