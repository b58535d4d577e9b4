#pragma once
// What a command tells its user: a result, or an error with its exit code
// (docs/formats.md: 0 ok, 1 usage, 2 bad input, 3 refused, 4 HSM, jig or store failure,
// 5 cancelled).
#include "kps/provisioning/error.hpp"
#include "kps/reports/report_error.hpp"

#include <QJsonObject>
#include <QString>

namespace kps::app {

enum ExitCode { Ok = 0, Usage = 1, BadInput = 2, Refused = 3, DeviceFailure = 4, Cancelled = 5 };

struct CommandError {
    ExitCode code = DeviceFailure;
    QString message;
};

template <class T> using CommandResult = kps::Expected<T, CommandError>;

CommandError fromError(const provisioning::Error& error);
CommandError fromError(const reports::ReportError& error);

/// Who is at the station: $KPS_ACTOR, else the login name.
QString currentActor();

} // namespace kps::app
