#include "kps/app/commands/login_command.hpp"

#include "kps/app/operations/login.hpp"

namespace kps::app {

LoginCommand::LoginCommand(StationHost& host, QString login, secure::SecretBytes pin,
                           QObject* parent)
    : Command(
          host,
          [login = std::move(login).trimmed(),
           pin = std::make_shared<secure::SecretBytes>(std::move(pin))](
              provisioning::Station& station, CommandWorker& worker) {
              if (login.isEmpty() || pin->empty())
                  return CommandReport::failure(
                      {Refused, tr("Enter your user name (or scan your badge) and your PIN")},
                      tr("Not logged in"));
              auto principal = logIn(station, login, *pin);
              pin->wipe();
              if (!principal)
                  return CommandReport::failure(principal.error(), tr("Not logged in"));
              const auto who = *principal;
              worker.keep(std::move(*principal));
              return CommandReport::success(
                  tr("%1 logged in as %2").arg(who.user, provisioning::roleName(who.role)));
          },
          parent) {}

} // namespace kps::app
