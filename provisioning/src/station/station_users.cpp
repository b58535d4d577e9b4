// Users, login and the role check the engine applies to every action.
#include "kps/provisioning/pin_hash.hpp"
#include "kps/provisioning/station.hpp"
#include "station_core.hpp"

#include <QJsonObject>

namespace kps::provisioning {

Outcome<Principal> Users::authenticate(const QString& login, const secure::SecretBytes& pin) {
    const QString what = QStringLiteral("log in");
    KPS_TRY_LET(user, core_.store->users().byLogin(login));
    const bool known = user.has_value();
    const std::optional<Role> role = known ? roleFrom(user->role) : std::nullopt;
    const bool enabled = known && !user->disabled && role;
    const bool pinOk = enabled && verifyPin(user->pinHash, pin);
    const QString name = known ? user->name : login;
    // Fail closed: a login whose attempt cannot be counted and audited is refused.
    if (known)
        KPS_TRY(core_.store->users().recordLogin(name, pinOk));
    KPS_TRY(station_.audit().append(
        name, pinOk ? QStringLiteral("login") : QStringLiteral("login.failed"), name,
        {{QStringLiteral("role"), known ? user->role : QString()}}));
    if (!pinOk)
        return failure(
            ErrorKind::Refused, what, login,
            known && !enabled ? QStringLiteral("the user is disabled after too many failed logins")
                              : QStringLiteral("unknown user or wrong PIN"),
            known && !enabled ? QStringLiteral("An administrator must re-enable the user")
                              : QStringLiteral("Check the user name or badge and the PIN"));
    return Principal{name, *role};
}

Done Users::require(const Principal& principal, Action action, const QString& subject) {
    if (allowed(principal.role, action))
        return {};
    auto audited = station_.audit().append(principal.user, QStringLiteral("refused"), subject,
                                           {{QStringLiteral("action"), actionName(action)},
                                            {QStringLiteral("role"), roleName(principal.role)}});
    return refusal(audited, Error{ErrorKind::Refused, actionName(action), subject,
                                  QStringLiteral("the role %1 may not %2")
                                      .arg(roleName(principal.role), actionName(action)),
                                  QStringLiteral("Ask someone with the right role")});
}

Done Users::add(const Principal& by, const QString& name, Role role, const QString& badge,
                const secure::SecretBytes& pin) {
    KPS_TRY(require(by, Action::ManageUsers, name));
    if (pin.size() < 6)
        return failure(ErrorKind::BadInput, QStringLiteral("add user"), name,
                       QStringLiteral("a PIN has at least 6 characters"));
    Store& store = *core_.store;
    return store.inTransaction([&]() -> Done {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        if (auto inserted = store.users().insert(
                {name, roleName(role), badge, hashPin(pin), 0, false}, now, by.user);
            !inserted)
            return failure(ErrorKind::Refused, QStringLiteral("add user"), name,
                           QStringLiteral("the name or badge is taken"));
        KPS_TRY(store.audit().append(by.user, QStringLiteral("user.add"), name,
                                     {{QStringLiteral("role"), roleName(role)}}, now));
        return {};
    });
}

Outcome<std::vector<UserSummary>> Users::list(const Principal& by) {
    KPS_TRY(require(by, Action::ManageUsers, QStringLiteral("users")));
    KPS_TRY_LET(users, core_.store->users().all());
    std::vector<UserSummary> list;
    for (const UserRow& user : users)
        if (const auto role = roleFrom(user.role))
            list.push_back({user.name, *role, user.badge, user.disabled});
    return list;
}

} // namespace kps::provisioning
