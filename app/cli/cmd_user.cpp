// kps user add NAME --role ROLE [--badge ID], kps user list (administrators).
#include "cli_context.hpp"
#include "kps/secure/pin.hpp"

#include <QJsonArray>

namespace kps::cli {

using namespace provisioning;

namespace {

/// The new user's PIN: $KPS_NEW_PIN (then removed) or the file named by $KPS_NEW_PIN_FILE.
tl::expected<secure::SecretBytes, app::CommandError> newUserPin() {
    secure::PinResult<secure::SecretBytes> pin = tl::unexpected(secure::PinError{});
    if (qEnvironmentVariableIsSet("KPS_NEW_PIN"))
        pin = secure::takePinFromEnvironment("KPS_NEW_PIN");
    else if (qEnvironmentVariableIsSet("KPS_NEW_PIN_FILE"))
        pin = secure::readPinFile(qEnvironmentVariable("KPS_NEW_PIN_FILE").toStdString());
    else
        return tl::unexpected(
            app::CommandError{app::Usage, QStringLiteral("set KPS_NEW_PIN or KPS_NEW_PIN_FILE")});
    if (!pin)
        return tl::unexpected(
            app::CommandError{app::BadInput, QString::fromStdString(pin.error().message())});
    return std::move(*pin);
}

int listUsers(const Context& context, LoggedIn& session) {
    if (auto permitted = session.station->require(session.principal, Action::ManageUsers,
                                                  QStringLiteral("users"));
        !permitted)
        return failWith(context, app::fromError(permitted.error()));
    auto users = session.station->store().users();
    if (!users)
        return failWith(context, app::fromError(users.error()));
    QStringList lines;
    QJsonArray list;
    for (const UserRow& user : *users) {
        lines << QStringLiteral("%1  %2%3")
                     .arg(user.name, user.role,
                          user.disabled ? QStringLiteral("  (disabled)") : QString());
        list.append(QJsonObject{{QStringLiteral("name"), user.name},
                                {QStringLiteral("role"), user.role},
                                {QStringLiteral("disabled"), user.disabled}});
    }
    return succeed(context, lines.join(u'\n'), {{QStringLiteral("users"), list}});
}

} // namespace

int runUser(const Context& context) {
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("role"),
                      QStringLiteral("operator, supervisor, custodian, auditor or admin."),
                      QStringLiteral("ROLE")});
    parser.addOption(
        {QStringLiteral("badge"), QStringLiteral("Badge (barcode) id."), QStringLiteral("ID")});
    if (!parser.parse(context.arguments) || parser.positionalArguments().isEmpty())
        return usage(
            context,
            QStringLiteral("usage: kps user add NAME --role ROLE [--badge ID] | kps user list"));
    auto session = openAndLogIn(context);
    if (!session)
        return failWith(context, session.error());
    const QStringList words = parser.positionalArguments();
    if (words.first() == QLatin1String("list") && words.size() == 1)
        return listUsers(context, *session);
    const auto role = roleFrom(parser.value(QStringLiteral("role")));
    if (words.first() != QLatin1String("add") || words.size() != 2 || !role)
        return usage(context, QStringLiteral("usage: kps user add NAME --role ROLE [--badge ID]"));
    auto pin = newUserPin();
    if (!pin)
        return failWith(context, pin.error());
    if (auto added = session->station->addUser(session->principal, words.at(1), *role,
                                               parser.value(QStringLiteral("badge")), *pin);
        !added)
        return failWith(context, app::fromError(added.error()));
    return succeed(
        context, QStringLiteral("User %1 added as %2").arg(words.at(1), roleName(*role)),
        {{QStringLiteral("user"), words.at(1)}, {QStringLiteral("role"), roleName(*role)}});
}

} // namespace kps::cli
