#pragma once
// The station's users: login, the role check the engine applies to every action, and
// the administrators' user list (station_users.cpp).
#include "kps/provisioning/error.hpp"
#include "kps/provisioning/roles.hpp"
#include "kps/secure/secret_bytes.hpp"

#include <vector>

namespace kps::provisioning {

class Station;
class StationCore;

/// A user as the administrators' list shows it (never the PIN's hash).
struct UserSummary {
    QString name;
    Role role = Role::Operator;
    QString badge;
    bool disabled = false;
};

class Users {
public:
    Users(Station& station, StationCore& core)
        : station_(station)
        , core_(core) {}

    /// Checks a login (user name or badge) and PIN; audits success and failure.
    Outcome<Principal> authenticate(const QString& login, const secure::SecretBytes& pin);
    /// Refuses (and audits the refusal) unless the principal's role allows the action.
    Done require(const Principal& principal, Action action, const QString& subject);
    /// Administrators add users; the PIN is stored as its Argon2id hash only.
    Done add(const Principal& by, const QString& name, Role role, const QString& badge,
             const secure::SecretBytes& pin);
    /// Every user, for an administrator.
    Outcome<std::vector<UserSummary>> list(const Principal& by);

private:
    Station& station_;
    StationCore& core_;
};

} // namespace kps::provisioning
