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
        {QStringLiteral("auditor"), Role::Auditor},
    };
    return staff;
}

namespace {

CommandResult<void> writePin(const QString& pinDirectory, const QString& name,
                             const secure::SecretBytes& pin) {
    QDir().mkpath(pinDirectory);
    const QString file = QDir(pinDirectory).filePath(name + QStringLiteral(".pin"));
    if (auto written = secure::writePinFile(file.toStdString(), pin); !written)
        return tl::unexpected(
            CommandError{DeviceFailure, QString::fromStdString(written.error().message())});
    return {};
}

} // namespace

TrainingCustodians::TrainingCustodians(InitOptions& options) {
    for (const char* name : {"custodian1", "custodian2"}) {
        secure::SecretBytes pin = secure::randomPin(12);
        PinSource source;
        source.value = secure::SecretBytes::copyOf({pin.data(), pin.size()});
        options.custodians.push_back({QString::fromLatin1(name), std::move(source)});
        pins_.emplace_back(QString::fromLatin1(name), std::move(pin));
    }
}

CommandResult<void> TrainingCustodians::writePins(const QString& pinDirectory) const {
    for (const auto& [name, pin] : pins_)
        KPS_TRY(writePin(pinDirectory, name, pin));
    return {};
}

CommandResult<void> addStaff(Station& station, const Principal& admin,
                             const std::vector<StaffMember>& staff, const QString& pinDirectory) {
    for (const StaffMember& member : staff) {
        const secure::SecretBytes pin = secure::randomPin(12);
        KPS_TRY(writePin(pinDirectory, member.name, pin));
        KPS_TRY_MAP(station.users().add(admin, member.name, member.role, {}, pin), fromError);
    }
    return {};
}

} // namespace kps::app
