#pragma once
// Logging in at the station: user name or badge, and a PIN that lives only in
// SecretBytes (checked against its Argon2id hash off the GUI thread, then wiped).
#include "kps/app/commands/command.hpp"
#include "kps/secure/secret_bytes.hpp"

namespace kps::app {

class LoginCommand final : public Command {
    Q_OBJECT
public:
    LoginCommand(StationHost& host, QString login, secure::SecretBytes pin,
                 QObject* parent = nullptr);
    /// Who logged in, once finished() reported success.
    const provisioning::Principal* principal() const { return resultAs<provisioning::Principal>(); }
};

} // namespace kps::app
