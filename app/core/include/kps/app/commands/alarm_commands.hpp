#pragma once
// A supervisor acknowledges an alarm: either the supervisor logged in at the station,
// or one who badges in for this acknowledgement alone (user + PIN, checked here).
#include "kps/app/commands/command.hpp"
#include "kps/app/commands/metatypes.hpp"
#include "kps/secure/secret_bytes.hpp"

namespace kps::app {

/// Someone who acts now: a principal already logged in, or a login and PIN to check.
struct Acting {
    std::optional<provisioning::Principal> principal;
    QString login;
    secure::SecretBytes pin;

    static Acting as(provisioning::Principal principal);
    static Acting withPin(QString login, secure::SecretBytes pin);
};

/// Logs in an Acting (if needed); the PIN is wiped either way.
CommandResult<provisioning::Principal> authenticateActing(provisioning::Station& station,
                                                          Acting& acting);

class AcknowledgeAlarmCommand final : public Command {
    Q_OBJECT
public:
    AcknowledgeAlarmCommand(StationHost& host, Acting by, qint64 alarmId, QString note,
                            QObject* parent = nullptr);
    ~AcknowledgeAlarmCommand() override { stopAndWait(); }
    /// The open alarms after the acknowledgement.
    const std::vector<provisioning::AlarmRecord>& openAlarms() const { return open_; }

protected:
    CommandReport work(provisioning::Station& station, const std::atomic<bool>& cancelled) override;
    void done() override { open_ = std::move(remaining_); }

private:
    Acting by_;
    qint64 alarmId_;
    QString note_;
    std::vector<provisioning::AlarmRecord> remaining_, open_;
};

} // namespace kps::app
