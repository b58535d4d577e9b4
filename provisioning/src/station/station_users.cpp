// Users, login and the role check the engine applies to every action.
#include "kps/provisioning/pin_hash.hpp"
#include "kps/provisioning/station.hpp"
#include "station_core.hpp"

#include <QJsonObject>

namespace kps::provisioning {
namespace {

const QString kLogIn = QStringLiteral("log in");

/// Why a login was refused before its PIN was checked, as the audit row says it.
enum class Turned { Unknown, Disabled };

/// What became of an attempt before its PIN was checked: counted (the user to check),
/// or turned away (and why).
struct Attempt {
    std::optional<UserRow> user;
    std::optional<Turned> turned;
};

Error loginRefusal(const QString& login, bool disabled) {
    if (disabled)
        return Error{ErrorKind::Refused, kLogIn, login,
                     QStringLiteral("the user is disabled (after too many failed logins, or "
                                    "by an administrator)"),
                     QStringLiteral("An administrator re-enables the user: kps user enable "
                                    "NAME (two key custodians when no administrator can log in)")};
    return Error{ErrorKind::Refused, kLogIn, login, QStringLiteral("unknown user or wrong PIN"),
                 QStringLiteral("Check the user name or badge and the PIN")};
}

/// One write transaction, its first statement a write (the store's write lock is taken
/// before anything is read): the attempt is counted and audited, or turned away and
/// audited. Nothing here looks at the PIN.
Outcome<Attempt> recordAttempt(Store& store, const QString& login) {
    Attempt attempt;
    KPS_TRY(store.inTransaction([&]() -> Done {
        attempt = {};
        KPS_TRY_LET(counted, store.users().countAttempt(login));
        KPS_TRY_LET(user, store.users().byLogin(login));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        if (counted && user) {
            attempt.user = user;
            KPS_TRY(store.audit().append(user->name, QStringLiteral("login.attempt"), user->name,
                                         {{QStringLiteral("role"), user->role},
                                          {QStringLiteral("attempt"), user->failedLogins}},
                                         now));
            return {};
        }
        attempt.turned = user ? Turned::Disabled : Turned::Unknown;
        if (user) // at the limit: disabled from now on
            KPS_TRY(store.users().settleAttempt(user->name, false));
        KPS_TRY(store.audit().append(
            user ? user->name : login, QStringLiteral("login.failed"), user ? user->name : login,
            {{QStringLiteral("role"), user ? user->role : QString()},
             {QStringLiteral("reason"),
              user ? QStringLiteral("disabled") : QStringLiteral("unknown user")}},
            now));
        return {};
    }));
    return attempt;
}

/// The PIN's verdict, in a transaction of its own: the count cleared, or the user
/// disabled at the limit; audited either way.
Done settle(Store& store, const UserRow& user, bool pinOk) {
    return store.inTransaction([&]() -> Done {
        KPS_TRY(store.users().settleAttempt(user.name, pinOk));
        QJsonObject detail{{QStringLiteral("role"), user.role}};
        if (!pinOk)
            detail.insert(QStringLiteral("reason"), QStringLiteral("wrong PIN"));
        KPS_TRY(store.audit().append(
            user.name, pinOk ? QStringLiteral("login") : QStringLiteral("login.failed"), user.name,
            detail, QDateTime::currentDateTimeUtc()));
        return {};
    });
}

} // namespace

Outcome<Principal> Users::authenticate(const QString& login, const secure::SecretBytes& pin) {
    Store& store = *core_.store;
    // Fail closed: an attempt that cannot be counted and audited is refused unchecked.
    KPS_TRY_LET(attempt, recordAttempt(store, login));
    if (attempt.turned)
        return tl::unexpected(loginRefusal(login, *attempt.turned == Turned::Disabled));
    const UserRow& user = *attempt.user;
    const std::optional<Role> role = roleFrom(user.role);
    const bool pinOk = role && verifyPin(user.pinHash, pin);
    KPS_TRY(settle(store, user, pinOk));
    if (!pinOk)
        return tl::unexpected(loginRefusal(login, false));
    return Principal{user.name, *role};
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
