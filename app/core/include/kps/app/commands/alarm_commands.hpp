#pragma once
// A supervisor acknowledges an alarm (operations/alarms.hpp): the supervisor logged in
// at the station, or one who badges in for this acknowledgement alone.
#include "kps/app/commands/command.hpp"
#include "kps/app/commands/metatypes.hpp"
#include "kps/app/operations/alarms.hpp"

namespace kps::app {

class AcknowledgeAlarmCommand final : public Command {
    Q_OBJECT
public:
    AcknowledgeAlarmCommand(StationHost& host, Acting by, qint64 alarmId, QString note,
                            QObject* parent = nullptr);
    /// The open alarms after the acknowledgement (empty if it failed).
    std::vector<provisioning::AlarmRecord> openAlarms() const;
};

} // namespace kps::app
