#pragma once
// The words the UI shows for the engine's values, translated (context "kps::Words").
#include "kps/provisioning/alarms.hpp"
#include "kps/provisioning/line_run.hpp"
#include "kps/provisioning/records.hpp"
#include "kps/provisioning/roles.hpp"

namespace kps::app {

QString roleTitle(provisioning::Role role);
QString stepTitle(provisioning::SlotStep step);
QString alarmTitle(provisioning::AlarmKind kind);
QString orderStateTitle(provisioning::OrderState state);
QString keySourceTitle(provisioning::KeySource source);

} // namespace kps::app
