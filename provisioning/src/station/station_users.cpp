// Users, login and the role check the engine applies to every action.
#include "kps/provisioning/pin_hash.hpp"
#include "kps/provisioning/station.hpp"

#include <QJsonObject>

namespace kps::provisioning {

Outcome<Principal> Station::authenticate(const QString& login, const secure::SecretBytes& pin) {
    const QString what = QStringLiteral("log in");
    auto user = store_->userByLogin(login);
    if (!user)
        return tl::unexpected(user.error());
    const bool known = user->has_value();
    const bool enabled = known && !(*user)->disabled;
    const bool pinOk = enabled && verifyPin((*user)->pinHash, pin);
    const QString name = known ? (*user)->name : login;
    // Fail closed: a login whose attempt cannot be counted and audited is refused.
    if (known)
        KPS_TRY(store_->recordLogin(name, pinOk));
    KPS_TRY(audit(name, pinOk ? QStringLiteral("login") : QStringLiteral("login.failed"), name,
                  {{QStringLiteral("role"), known ? (*user)->role : QString()}}));
    if (!pinOk)
        return failure(
            ErrorKind::Refused, what, login,
            known && !enabled ? QStringLiteral("the user is disabled after too many failed logins")
                              : QStringLiteral("unknown user or wrong PIN"),
            known && !enabled ? QStringLiteral("An administrator must re-enable the user")
                              : QStringLiteral("Check the user name or badge and the PIN"));
    return Principal{name, *roleFrom((*user)->role)};
}

Done Station::require(const Principal& principal, Action action, const QString& subject) {
    if (allowed(principal.role, action))
        return {};
    auto audited = audit(principal.user, QStringLiteral("refused"), subject,
                         {{QStringLiteral("action"), actionName(action)},
                          {QStringLiteral("role"), roleName(principal.role)}});
    return refusal(audited, Error{ErrorKind::Refused, actionName(action), subject,
                                  QStringLiteral("the role %1 may not %2")
                                      .arg(roleName(principal.role), actionName(action)),
                                  QStringLiteral("Ask someone with the right role")});
}

Done Station::addUser(const Principal& by, const QString& name, Role role, const QString& badge,
                      const secure::SecretBytes& pin) {
    if (auto permitted = require(by, Action::ManageUsers, name); !permitted)
        return permitted;
    if (pin.size() < 6)
        return failure(ErrorKind::BadInput, QStringLiteral("add user"), name,
                       QStringLiteral("a PIN has at least 6 characters"));
    return store_->inTransaction([&]() -> Done {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        if (auto inserted = store_->insertUser(
                {name, roleName(role), badge, hashPin(pin), 0, false}, now, by.user);
            !inserted)
            return failure(ErrorKind::Refused, QStringLiteral("add user"), name,
                           QStringLiteral("the name or badge is taken"));
        auto audited = store_->appendAudit(by.user, QStringLiteral("user.add"), name,
                                           {{QStringLiteral("role"), roleName(role)}}, now);
        return audited ? Done{} : Done(tl::unexpected(audited.error()));
    });
}

} // namespace kps::provisioning
