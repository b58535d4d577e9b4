// kps user add NAME --role ROLE [--badge ID], kps user list (administrators).
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
    auto pin = requiredPin("KPS_NEW_PIN", {app::Usage, app::BadInput,
                                           QStringLiteral("set KPS_NEW_PIN or KPS_NEW_PIN_FILE")});
    if (!pin)
        return failWith(context, pin.error());
    auto session = openAndLogIn(context);
    if (!session)
        return failWith(context, session.error());
    const QString name = call.operand(0);
    if (auto added = app::addUser(*session->station, session->principal, name, *role,
                                  call.text(kBadge), *pin);
        !added)
        return failWith(context, added.error());
    return succeed(context, QStringLiteral("User %1 added as %2").arg(name, roleName(*role)),
                   {{QStringLiteral("user"), name}, {QStringLiteral("role"), roleName(*role)}});
}

} // namespace

CommandSpec userCommand() {
    return {"user",
            "Add and list the station's users (administrators)",
            {{"add",
              {kName},
              {&kRole, &kBadge},
              {&kRole},
              "a user with a role; the PIN from $KPS_NEW_PIN or $KPS_NEW_PIN_FILE",
              addUser},
             {"list", {}, {}, {}, "every user, their role and whether disabled", listUsers}}};
}

} // namespace kps::cli
