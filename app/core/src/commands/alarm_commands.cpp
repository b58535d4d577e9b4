#include "kps/app/commands/alarm_commands.hpp"

namespace kps::app {

using namespace provisioning;

Acting Acting::as(Principal principal) {
    return {std::move(principal), {}, {}};
}

Acting Acting::withPin(QString login, secure::SecretBytes pin) {
    return {std::nullopt, std::move(login).trimmed(), std::move(pin)};
}

CommandResult<Principal> authenticateActing(Station& station, Acting& acting) {
    if (acting.principal)
        return *acting.principal;
    if (acting.login.isEmpty() || acting.pin.empty())
        return tl::unexpected(CommandError{
            Refused, AcknowledgeAlarmCommand::tr("log in: enter a user name (or badge) and PIN")});
    auto principal = station.authenticate(acting.login, acting.pin);
    acting.pin.wipe();
    if (!principal)
        return tl::unexpected(fromError(principal.error()));
    acting.principal = *principal;
    return *principal;
}

AcknowledgeAlarmCommand::AcknowledgeAlarmCommand(StationHost& host, Acting by, qint64 alarmId,
                                                 QString note, QObject* parent)
    : Command(host, parent)
    , by_(std::move(by))
    , alarmId_(alarmId)
    , note_(std::move(note)) {}

CommandReport AcknowledgeAlarmCommand::work(Station& station, const std::atomic<bool>&) {
    const QString failed = tr("The alarm was not acknowledged");
    auto who = authenticateActing(station, by_);
    if (!who)
        return CommandReport::failure(who.error(), failed);
    auto acknowledged = acknowledgeAlarm(station, *who, alarmId_, note_);
    if (!acknowledged)
        return CommandReport::failure(fromError(acknowledged.error()), failed);
    if (auto open = provisioning::openAlarms(station.store()))
        remaining_ = std::move(*open);
    return CommandReport::success(
        tr("Alarm %1 acknowledged by %2").arg(alarmId_).arg(acknowledged->acknowledgedBy));
}

} // namespace kps::app
