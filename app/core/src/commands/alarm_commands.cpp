#include "kps/app/commands/alarm_commands.hpp"

namespace kps::app {

using namespace provisioning;

AcknowledgeAlarmCommand::AcknowledgeAlarmCommand(StationHost& host, Acting by, qint64 alarmId,
                                                 QString note, QObject* parent)
    : Command(
          host,
          [by = std::make_shared<Acting>(std::move(by)), alarmId,
           note = std::move(note)](Station& station, CommandWorker& worker) {
              auto acknowledged = acknowledgeAlarm(station, *by, alarmId, note);
              if (!acknowledged)
                  return CommandReport::failure(acknowledged.error(),
                                                tr("The alarm was not acknowledged"));
              const QString who = acknowledged->alarm.acknowledgedBy;
              worker.keep(std::move(*acknowledged));
              return CommandReport::success(
                  tr("Alarm %1 acknowledged by %2").arg(alarmId).arg(who));
          },
          parent) {}

std::vector<AlarmRecord> AcknowledgeAlarmCommand::openAlarms() const {
    const auto* acknowledged = resultAs<Acknowledged>();
    return acknowledged ? acknowledged->open : std::vector<AlarmRecord>{};
}

} // namespace kps::app
