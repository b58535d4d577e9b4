// The administrators' user management: add, disable, enable, reset a PIN, remove. A key
// custodian's enrolment or PIN reset is dual-controlled (an administrator and an
// existing custodian); with no administrator left enabled, two custodians recover one.
#include "kps/provisioning/pin_hash.hpp"
#include "kps/provisioning/station.hpp"
#include "station_core.hpp"

#include <QJsonArray>
#include <QJsonObject>
#include <limits>

namespace kps::provisioning {
namespace {

const QString kAdmin = QStringLiteral("admin");
const QString kCustodian = QStringLiteral("custodian");

/// A refusal with its audit row (the refusal stands whatever became of the row).
tl::unexpected<Error> refuseAudited(AuditTrail& audit, const Principal& who, const QString& what,
                                    const QString& subject, const QString& reason,
                                    const QString& hint) {
    auto audited = audit.append(who.user, QStringLiteral("refused"), subject,
                                {{QStringLiteral("action"), what},
                                 {QStringLiteral("role"), roleName(who.role)},
                                 {QStringLiteral("reason"), reason}});
    return refusal(audited, Error{ErrorKind::Refused, what, subject, reason, hint});
}

int enabledWithRole(const std::vector<UserRow>& users, const QString& role) {
    int count = 0;
    for (const UserRow& user : users)
        count += !user.disabled && user.role == role;
    return count;
}

/// What must stay after disabling or removing someone of `role`: an enabled
/// administrator, and two enabled custodians (fewer could never enrol another one, nor
/// import or destroy a customer's keys).
std::optional<QString> staffingBroken(const std::vector<UserRow>& users, const QString& role) {
    if (role == kAdmin && enabledWithRole(users, kAdmin) < 1)
        return QStringLiteral("it would leave no enabled administrator");
    if (role == kCustodian && enabledWithRole(users, kCustodian) < 2)
        return QStringLiteral("it would leave fewer than two enabled key custodians");
    return std::nullopt;
}

QJsonObject changeDetail(const UserRow& user, const Approvers& by) {
    QJsonObject detail{{QStringLiteral("role"), user.role}};
    if (by.second)
        detail.insert(QStringLiteral("approvers"), QJsonArray{by.first.user, by.second->user});
    return detail;
}

Done applyChange(Store& store, UserChange change, const QString& name, const QString& pinHash) {
    Outcome<bool> changed = false;
    switch (change) {
    case UserChange::Disable:
        changed = store.users().setDisabled(name, true);
        break;
    case UserChange::Enable:
        changed = store.users().setDisabled(name, false);
        break;
    case UserChange::ResetPin:
        changed = store.users().setPinHash(name, pinHash);
        break;
    case UserChange::Remove:
        changed = store.users().remove(name);
        break;
    }
    KPS_TRY_LET(done, changed);
    if (!done)
        return failure(ErrorKind::Store, userChangeName(change), name,
                       QStringLiteral("the user went away meanwhile"));
    return {};
}

} // namespace

QString userChangeName(UserChange change) {
    switch (change) {
    case UserChange::Disable:
        return QStringLiteral("disable");
    case UserChange::Enable:
        return QStringLiteral("enable");
    case UserChange::ResetPin:
        return QStringLiteral("reset-pin");
    case UserChange::Remove:
        return QStringLiteral("remove");
    }
    return {};
}

/// Whether `administrator` set `custodian`'s PIN: enrolled it (user.add) or reset it
/// (user.reset-pin). Such a custodian's PIN may be the administrator's choice, so it
/// cannot be the second person of that administrator's custodian changes.
Outcome<bool> pinSetBy(Store& store, const QString& custodian, const QString& administrator) {
    KPS_TRY_LET(events, store.reports().auditOf(custodian, std::numeric_limits<qint64>::max()));
    for (const AuditEntry& entry : events)
        if (entry.actor == administrator && (entry.event == QLatin1String("user.add") ||
                                             entry.event == QLatin1String("user.reset-pin")))
            return true;
    return false;
}

Done Users::approve(const Approvers& by, Action action, const QString& subject,
                    const QString& target, bool custodianTarget) {
    KPS_TRY(require(by.first, action, subject));
    if (!custodianTarget)
        return {};
    const QString what = QStringLiteral("approve a key custodian");
    if (!by.second)
        return refuseAudited(
            station_.audit(), by.first, what, subject,
            QStringLiteral("a key custodian's enrolment or PIN reset needs an administrator and "
                           "an existing key custodian (dual control)"),
            QStringLiteral("An existing custodian logs in too, with KPS_LOGIN2 and "
                           "KPS_LOGIN2_PIN(_FILE); the new PIN is typed by its holder"));
    KPS_TRY(require(*by.second, Action::ApproveCustodian, subject));
    if (by.second->user == target || by.second->user == by.first.user)
        return refuseAudited(station_.audit(), *by.second, what, subject,
                             QStringLiteral("a custodian cannot approve their own PIN"),
                             QStringLiteral("Another key custodian approves"));
    KPS_TRY_LET(chosen, pinSetBy(*core_.store, by.second->user, by.first.user));
    if (chosen)
        return refuseAudited(
            station_.audit(), *by.second, what, subject,
            QStringLiteral("%1's PIN was set by %2 (enrolment or reset): that custodian cannot "
                           "approve %2's custodian changes")
                .arg(by.second->user, by.first.user),
            QStringLiteral("A custodian whose PIN %1 never set approves").arg(by.first.user));
    return {};
}

Done Users::recoverAdmin(const Approvers& by, const QString& name) {
    KPS_TRY(require(by.first, Action::RecoverAdmin, name));
    KPS_TRY(require(*by.second, Action::RecoverAdmin, name));
    const QString what = actionName(Action::RecoverAdmin);
    if (by.first.user == by.second->user)
        return refuseAudited(station_.audit(), by.first, what, name,
                             QStringLiteral("dual control needs two different key custodians"),
                             QStringLiteral("Another key custodian logs in with KPS_LOGIN2"));
    KPS_TRY_LET(users, core_.store->users().all());
    if (enabledWithRole(users, kAdmin) > 0)
        return refuseAudited(station_.audit(), by.first, what, name,
                             QStringLiteral("an administrator is enabled and can do this"),
                             QStringLiteral("Ask the administrator"));
    return {};
}

Done Users::add(const Approvers& by, const QString& name, Role role, const QString& badge,
                const secure::SecretBytes& pin) {
    KPS_TRY(approve(by, Action::ManageUsers, name, name, role == Role::Custodian));
    if (pin.size() < 6)
        return failure(ErrorKind::BadInput, QStringLiteral("add user"), name,
                       QStringLiteral("a PIN has at least 6 characters"));
    Store& store = *core_.store;
    const UserRow user{name, roleName(role), badge, hashPin(pin), 0, false};
    return store.inTransaction([&]() -> Done {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        // A login names one user: a name or badge that is another user's name or badge
        // would make two users answer to it (and count each other's failed logins).
        for (const QString& login : {name, badge}) {
            if (login.isEmpty())
                continue;
            KPS_TRY_LET(taken, store.users().byLogin(login));
            if (taken)
                return failure(ErrorKind::BadInput, QStringLiteral("add user"), name,
                               QStringLiteral("%1 is already a user's name or badge (%2)")
                                   .arg(login, taken->name),
                               QStringLiteral("Nothing was changed; give a name and a badge of "
                                              "their own"));
        }
        if (auto inserted = store.users().insert(user, now, by.first.user); !inserted)
            return failure(ErrorKind::Refused, QStringLiteral("add user"), name,
                           QStringLiteral("the name or badge is taken"));
        KPS_TRY(store.audit().append(by.first.user, QStringLiteral("user.add"), name,
                                     changeDetail(user, by), now));
        return {};
    });
}

Done Users::change(const Approvers& by, UserChange change, const QString& name,
                   const secure::SecretBytes* pin) {
    const QString what = QStringLiteral("%1 user").arg(userChangeName(change));
    // Two custodians together: the recovery of an administrator (checked below).
    const bool recovery = by.first.role == Role::Custodian && by.second;
    if (!recovery)
        KPS_TRY(require(by.first, Action::ManageUsers, name));
    Store& store = *core_.store;
    KPS_TRY_LET(found, store.users().byLogin(name));
    if (!found || found->name != name)
        return failure(ErrorKind::BadInput, what, name, QStringLiteral("no such user"),
                       QStringLiteral("kps user list shows the users"));
    const UserRow user = *found;
    if (recovery &&
        (user.role != kAdmin || change == UserChange::Disable || change == UserChange::Remove))
        KPS_TRY(require(by.first, Action::ManageUsers, name)); // refused, audited
    if (recovery)
        KPS_TRY(recoverAdmin(by, name));
    else
        KPS_TRY(approve(by, Action::ManageUsers, name, name,
                        user.role == kCustodian && change != UserChange::Enable));
    if (change == UserChange::ResetPin && (!pin || pin->size() < 6))
        return failure(ErrorKind::BadInput, what, name,
                       QStringLiteral("a PIN has at least 6 characters"));
    const QString pinHash = change == UserChange::ResetPin ? hashPin(*pin) : QString();
    const bool removes = change == UserChange::Disable || change == UserChange::Remove;
    std::optional<QString> broken;
    auto changed = store.inTransaction([&]() -> Done {
        // Writes first: every row of the role is locked before the count is read, so two
        // administrators cannot each disable the other.
        KPS_TRY(store.users().lockRole(user.role));
        KPS_TRY(applyChange(store, change, name, pinHash));
        KPS_TRY_LET(users, store.users().all());
        if (removes && (broken = staffingBroken(users, user.role)))
            return failure(ErrorKind::Refused, what, name, *broken);
        KPS_TRY(store.audit().append(by.first.user,
                                     QStringLiteral("user.") + userChangeName(change), name,
                                     changeDetail(user, by), QDateTime::currentDateTimeUtc()));
        return {};
    });
    if (!changed && broken)
        return refuseAudited(station_.audit(), by.first, what, name, *broken,
                             QStringLiteral("Enable or add another one first"));
    return changed;
}

} // namespace kps::provisioning
