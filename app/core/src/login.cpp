#include "kps/app/login.hpp"

#include "kps/secure/pin.hpp"

#include <QDir>

namespace kps::app {

using namespace provisioning;

namespace {

/// The PIN of $PREFIX_PIN (then removed from the environment) or $PREFIX_PIN_FILE.
CommandResult<secure::SecretBytes> loginPin(const QByteArray& prefix) {
    const QByteArray variable = prefix + "_PIN";
    const QByteArray fileVariable = prefix + "_PIN_FILE";
    secure::PinResult<secure::SecretBytes> pin = tl::unexpected(secure::PinError{});
    if (qEnvironmentVariableIsSet(variable.constData()))
        pin = secure::takePinFromEnvironment(variable.constData());
    else if (qEnvironmentVariableIsSet(fileVariable.constData()))
        pin = secure::readPinFile(qEnvironmentVariable(fileVariable.constData()).toStdString());
    else
        return tl::unexpected(
            CommandError{Refused, QStringLiteral("log in: set %1 and %1_PIN or %1_PIN_FILE")
                                      .arg(QString::fromLatin1(prefix))});
    if (!pin)
        return tl::unexpected(CommandError{
            Refused, QStringLiteral("log in: ") + QString::fromStdString(pin.error().message())});
    return std::move(*pin);
}

CommandResult<Principal> loginWith(Station& station, const QByteArray& prefix) {
    const QString login = qEnvironmentVariable(prefix.constData());
    if (login.isEmpty())
        return tl::unexpected(
            CommandError{Refused, QStringLiteral("log in: set %1 to the user name or badge")
                                      .arg(QString::fromLatin1(prefix))});
    auto pin = loginPin(prefix);
    if (!pin)
        return tl::unexpected(pin.error());
    auto principal = station.authenticate(login, *pin);
    if (!principal)
        return tl::unexpected(fromError(principal.error()));
    return *principal;
}

} // namespace

CommandResult<Principal> loginFromEnvironment(Station& station) {
    return loginWith(station, "KPS_LOGIN");
}

CommandResult<Principal> secondLoginFromEnvironment(Station& station) {
    return loginWith(station, "KPS_LOGIN2");
}

CommandResult<Principal> loginWithPinFile(Station& station, const QString& user,
                                          const QString& pinFile) {
    auto pin = secure::readPinFile(pinFile.toStdString());
    if (!pin)
        return tl::unexpected(CommandError{Refused, QString::fromStdString(pin.error().message())});
    auto principal = station.authenticate(user, *pin);
    if (!principal)
        return tl::unexpected(fromError(principal.error()));
    return *principal;
}

const std::vector<StaffMember>& demoStaff() {
    static const std::vector<StaffMember> staff = {
        {QStringLiteral("supervisor"), Role::Supervisor},
        {QStringLiteral("operator"), Role::Operator},
        {QStringLiteral("custodian1"), Role::Custodian},
        {QStringLiteral("custodian2"), Role::Custodian},
        {QStringLiteral("auditor"), Role::Auditor},
    };
    return staff;
}

CommandResult<void> addStaff(Station& station, const Principal& admin,
                             const std::vector<StaffMember>& staff, const QString& pinDirectory) {
    QDir().mkpath(pinDirectory);
    for (const StaffMember& member : staff) {
        const secure::SecretBytes pin = secure::randomPin(12);
        const QString file = QDir(pinDirectory).filePath(member.name + QStringLiteral(".pin"));
        if (auto written = secure::writePinFile(file.toStdString(), pin); !written)
            return tl::unexpected(
                CommandError{DeviceFailure, QString::fromStdString(written.error().message())});
        if (auto added = station.addUser(admin, member.name, member.role, {}, pin); !added)
            return tl::unexpected(fromError(added.error()));
    }
    return {};
}

} // namespace kps::app
