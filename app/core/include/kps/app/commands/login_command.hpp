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
    ~LoginCommand() override { stopAndWait(); }

    /// Who logged in, once finished() reported success.
    const std::optional<provisioning::Principal>& principal() const { return principal_; }

protected:
    CommandReport work(provisioning::Station& station, const std::atomic<bool>& cancelled) override;
    void done() override { principal_ = authenticated_; }

private:
    QString login_;
    secure::SecretBytes pin_;
    std::optional<provisioning::Principal> authenticated_; // worker side
    std::optional<provisioning::Principal> principal_;
};

} // namespace kps::app
