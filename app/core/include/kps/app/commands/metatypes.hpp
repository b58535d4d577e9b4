#pragma once
// Engine values that travel in the commands' signals.
#include "kps/provisioning/alarms.hpp"
#include "kps/provisioning/line_run.hpp"
#include "kps/provisioning/records.hpp"

#include <QMetaType>

Q_DECLARE_METATYPE(kps::provisioning::EndpointResult)
Q_DECLARE_METATYPE(kps::provisioning::SlotStep)
Q_DECLARE_METATYPE(kps::provisioning::AlarmNotice)
Q_DECLARE_METATYPE(kps::provisioning::AlarmRecord)
