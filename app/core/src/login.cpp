#include "kps/app/login.hpp"

#include "kps/hsm/pin.hpp"

#include <QDir>

namespace kps::app {

using namespace provisioning;

namespace {

CommandResult<hsm::SecretBytes> loginPin() {
    hsm::Result<hsm::SecretBytes> pin = tl::unexpected(hsm::HsmError{});
    if (qEnvironmentVariableIsSet("KPS_LOGIN_PIN"))
        pin = hsm::takePinFromEnvironment("KPS_LOGIN_PIN");
    else if (qEnvironmentVariableIsSet("KPS_LOGIN_PIN_FILE"))
        pin = hsm::readPinFile(qEnvironmentVariable("KPS_LOGIN_PIN_FILE").toStdString());
    else
        return tl::unexpected(CommandError{
            Refused,
            QStringLiteral("log in: set KPS_LOGIN and KPS_LOGIN_PIN or KPS_LOGIN_PIN_FILE")});
    if (!pin)
        return tl::unexpected(CommandError{
            Refused, QStringLiteral("log in: ") + QString::fromStdString(pin.error().message())});
    return std::move(*pin);
}

} // namespace

CommandResult<Principal> loginFromEnvironment(Station& station) {
    const QString login = qEnvironmentVariable("KPS_LOGIN");
    if (login.isEmpty())
        return tl::unexpected(CommandError{
            Refused, QStringLiteral("log in: set KPS_LOGIN to your user name or badge")});
    auto pin = loginPin();
    if (!pin)
        return tl::unexpected(pin.error());
    auto principal = station.authenticate(login, *pin);
    if (!principal)
        return tl::unexpected(fromError(principal.error()));
    return *principal;
}

CommandResult<Principal> loginWithPinFile(Station& station, const QString& user,
                                          const QString& pinFile) {
    auto pin = hsm::readPinFile(pinFile.toStdString());
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
        const hsm::SecretBytes pin = hsm::randomPin(12);
        const QString file = QDir(pinDirectory).filePath(member.name + QStringLiteral(".pin"));
        if (auto written = hsm::writePinFile(file.toStdString(), pin); !written)
            return tl::unexpected(
                CommandError{DeviceFailure, QString::fromStdString(written.error().message())});
        if (auto added = station.addUser(admin, member.name, member.role, {}, pin); !added)
            return tl::unexpected(fromError(added.error()));
    }
    return {};
}

} // namespace kps::app
