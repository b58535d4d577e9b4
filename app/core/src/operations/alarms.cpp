#include "kps/app/operations/alarms.hpp"

#include <QCoreApplication>

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
            Refused, QCoreApplication::translate("kps::app::AcknowledgeAlarmCommand",
                                                 "log in: enter a user name (or badge) and PIN")});
    auto principal = station.users().authenticate(acting.login, acting.pin);
    acting.pin.wipe();
    KPS_TRY_MAP(principal, fromError);
    acting.principal = *principal;
    return *principal;
}

CommandResult<Acknowledged> acknowledgeAlarm(Station& station, Acting& by, qint64 id,
                                             const QString& note) {
    KPS_TRY_LET(who, authenticateActing(station, by));
    KPS_TRY_LET_MAP(alarm, station.line().acknowledgeAlarm(who, id, note), fromError);
    Acknowledged acknowledged{std::move(alarm), {}};
    if (auto open = station.line().openAlarms(who))
        acknowledged.open = std::move(*open);
    return acknowledged;
}

} // namespace kps::app
