// kps user add|list|disable|enable|reset-pin|remove (administrators; a key custodian's
// enrolment or PIN reset also needs an existing custodian as $KPS_LOGIN2; with no
// administrator enabled, two custodians enable or reset one).
#include "commands.hpp"
#include "kps/app/operations/users.hpp"
#include "session.hpp"

#include <QJsonArray>

namespace kps::cli {

using namespace provisioning;

namespace {

const Operand kName{"NAME", Operand::Kind::Text};
const Option kRole =
    Option::text("role", "ROLE", "operator, supervisor, custodian, auditor or admin.");
const Option kBadge = Option::text("badge", "ID", "Badge (barcode) id.");

app::CommandResult<secure::SecretBytes> newPin() {
    return requiredPin("KPS_NEW_PIN", {app::Usage, app::BadInput,
                                       QStringLiteral("set KPS_NEW_PIN or KPS_NEW_PIN_FILE (the "
                                                      "PIN its holder chose)")});
}

int listUsers(const Invocation& call) {
    const Context& context = call.context();
    auto session = openAndLogIn(context);
    if (!session)
        return failWith(context, session.error());
    auto users = app::listUsers(*session->station, session->principal);
    if (!users)
        return failWith(context, users.error());
    QStringList lines;
    QJsonArray list;
    for (const UserSummary& user : *users) {
        lines << QStringLiteral("%1  %2%3")
                     .arg(user.name, roleName(user.role),
                          user.disabled ? QStringLiteral("  (disabled)") : QString());
        list.append(QJsonObject{{QStringLiteral("name"), user.name},
                                {QStringLiteral("role"), roleName(user.role)},
                                {QStringLiteral("disabled"), user.disabled}});
    }
    return succeed(context, lines.join(u'\n'), {{QStringLiteral("users"), list}});
}

int addUser(const Invocation& call) {
    const Context& context = call.context();
    const auto role = roleFrom(call.text(kRole));
    if (!role)
        return usage(context, call.command(),
                     QStringLiteral("--role takes operator, supervisor, custodian, auditor or "
                                    "admin, not \"%1\"")
                         .arg(call.text(kRole)));
    auto pin = newPin();
    if (!pin)
        return failWith(context, pin.error());
    auto session = openWithApprovers(context);
    if (!session)
        return failWith(context, session.error());
    const QString name = call.operand(0);
    if (auto added = app::addUser(*session->station, session->approvers, name, *role,
                                  call.text(kBadge), *pin);
        !added)
        return failWith(context, added.error());
    return succeed(context, QStringLiteral("User %1 added as %2").arg(name, roleName(*role)),
                   {{QStringLiteral("user"), name}, {QStringLiteral("role"), roleName(*role)}});
}

int changeUser(const Invocation& call, UserChange change) {
    const Context& context = call.context();
    std::optional<secure::SecretBytes> pin;
    if (change == UserChange::ResetPin) {
        auto given = newPin();
        if (!given)
            return failWith(context, given.error());
        pin = std::move(*given);
    }
    auto session = openWithApprovers(context);
    if (!session)
        return failWith(context, session.error());
    const QString name = call.operand(0);
    if (auto changed = app::changeUser(*session->station, session->approvers, change, name,
                                       pin ? &*pin : nullptr);
        !changed)
        return failWith(context, changed.error());
    const QString verb = userChangeName(change);
    return succeed(context, QStringLiteral("User %1: %2 done").arg(name, verb),
                   {{QStringLiteral("user"), name}, {QStringLiteral("change"), verb}});
}

Handler changing(UserChange change) {
    return [change](const Invocation& call) {
        return changeUser(call, change);
    };
}

} // namespace

CommandSpec userCommand() {
    return {"user",
            "Manage the station's users (administrators)",
            {{"add",
              {kName},
              {&kRole, &kBadge},
              {&kRole},
              "a user with a role; the PIN from $KPS_NEW_PIN or $KPS_NEW_PIN_FILE (a custodian: "
              "also an existing custodian as $KPS_LOGIN2)",
              addUser},
             {"list", {}, {}, {}, "every user, their role and whether disabled", listUsers},
             {"disable",
              {kName},
              {},
              {},
              "no more logins (never the last enabled administrator, nor below two custodians)",
              changing(UserChange::Disable)},
             {"enable",
              {kName},
              {},
              {},
              "logins again, the failed logins cleared",
              changing(UserChange::Enable)},
             {"reset-pin",
              {kName},
              {},
              {},
              "a new PIN from $KPS_NEW_PIN(_FILE) (a custodian's: also another custodian as "
              "$KPS_LOGIN2)",
              changing(UserChange::ResetPin)},
             {"remove",
              {kName},
              {},
              {},
              "the user goes (never the last enabled administrator, nor below two custodians)",
              changing(UserChange::Remove)}},
            false,
            "Two key custodians ($KPS_LOGIN and $KPS_LOGIN2) enable or reset-pin an\n"
            "administrator when no administrator is enabled (the recovery ceremony)."};
}

} // namespace kps::cli
