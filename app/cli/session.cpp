#include "session.hpp"

#include "kps/app/environment.hpp"
#include "kps/app/operations/login.hpp"
#include "kps/secure/pin.hpp"

namespace kps::cli {

using namespace provisioning;

namespace {

/// Logs in the user of $PREFIX with the PIN of $PREFIX_PIN (then removed from the
/// environment) or $PREFIX_PIN_FILE.
app::CommandResult<Principal> loginFrom(Station& station, const QByteArray& prefix) {
    const QString login = qEnvironmentVariable(prefix.constData());
    const QString name = QString::fromLatin1(prefix);
    if (login.isEmpty())
        return tl::unexpected(app::CommandError{
            app::Refused, QStringLiteral("log in: set %1 to the user name or badge").arg(name)});
    KPS_TRY_LET(
        pin, requiredPin(prefix + "_PIN",
                         {app::Refused, app::Refused,
                          QStringLiteral("log in: set %1 and %1_PIN or %1_PIN_FILE").arg(name)}));
    return app::logIn(station, login, pin);
}

app::CommandResult<std::unique_ptr<Station>> openChecked(const Context& context,
                                                         const InputCheck& check) {
    KPS_TRY_LET(station, app::openStation(context.dataDirectory));
    if (check)
        KPS_TRY_MAP(check(*station), app::fromError);
    return station;
}

} // namespace

app::CommandResult<secure::SecretBytes> requiredPin(const QByteArray& name, const PinNeed& need) {
    KPS_TRY_LET(source, app::pinFromEnvironment(name));
    if (source.value)
        return std::move(*source.value);
    if (source.file.isEmpty())
        return tl::unexpected(app::CommandError{need.missing, need.hint});
    auto pin = secure::readPinFile(source.file.toStdString());
    if (!pin)
        return tl::unexpected(
            app::CommandError{need.unreadable, QString::fromStdString(pin.error().message())});
    return std::move(*pin);
}

app::CommandResult<LoggedIn> openAndLogIn(const Context& context, const InputCheck& check) {
    KPS_TRY_LET(station, openChecked(context, check));
    KPS_TRY_LET(principal, loginFrom(*station, "KPS_LOGIN"));
    return LoggedIn{std::move(station), principal};
}

app::CommandResult<WithCustodians> openWithCustodians(const Context& context,
                                                      const InputCheck& check) {
    KPS_TRY_LET(station, openChecked(context, check));
    KPS_TRY_LET(first, loginFrom(*station, "KPS_LOGIN"));
    KPS_TRY_LET(second, loginFrom(*station, "KPS_LOGIN2"));
    return WithCustodians{std::move(station), {first, second}};
}

app::CommandResult<WithApprovers> openWithApprovers(const Context& context) {
    KPS_TRY_LET(station, openChecked(context, {}));
    KPS_TRY_LET(first, loginFrom(*station, "KPS_LOGIN"));
    WithApprovers opened{std::move(station), {first, std::nullopt}};
    if (!qEnvironmentVariableIsEmpty("KPS_LOGIN2")) {
        KPS_TRY_LET(second, loginFrom(*opened.station, "KPS_LOGIN2"));
        opened.approvers.second = second;
    }
    return opened;
}

} // namespace kps::cli
