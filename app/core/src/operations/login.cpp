#include "kps/app/operations/login.hpp"

#include "kps/secure/pin.hpp"

#include <QDir>

namespace kps::app {

using namespace provisioning;

CommandResult<Principal> logIn(Station& station, const QString& login,
                               const secure::SecretBytes& pin) {
    KPS_TRY_LET_MAP(principal, station.users().authenticate(login, pin), fromError);
    return principal;
}

CommandResult<Principal> loginWithPinFile(Station& station, const QString& user,
                                          const QString& pinFile) {
    auto pin = secure::readPinFile(pinFile.toStdString());
    if (!pin)
        return tl::unexpected(CommandError{Refused, QString::fromStdString(pin.error().message())});
    return logIn(station, user, *pin);
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
        KPS_TRY_MAP(station.users().add(admin, member.name, member.role, {}, pin), fromError);
    }
    return {};
}

} // namespace kps::app
