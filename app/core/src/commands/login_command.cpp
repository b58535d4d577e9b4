#include "kps/app/commands/login_command.hpp"

namespace kps::app {

LoginCommand::LoginCommand(StationHost& host, QString login, secure::SecretBytes pin,
                           QObject* parent)
    : Command(host, parent)
    , login_(std::move(login).trimmed())
    , pin_(std::move(pin)) {}

CommandReport LoginCommand::work(provisioning::Station& station, const std::atomic<bool>&) {
    if (login_.isEmpty() || pin_.empty())
        return CommandReport::failure({Refused, tr("Enter your user name (or scan your badge) "
                                                   "and your PIN")},
                                      tr("Not logged in"));
    auto principal = station.authenticate(login_, pin_);
    pin_.wipe();
    if (!principal)
        return CommandReport::failure(fromError(principal.error()), tr("Not logged in"));
    authenticated_ = *principal;
    return CommandReport::success(
        tr("%1 logged in as %2").arg(principal->user, provisioning::roleName(principal->role)));
}

} // namespace kps::app
