#pragma once
// What the programs (kps, kps-station) take from their environment. Only app/ reads the
// environment: the engine is handed what it needs (Station::open takes the user PIN).
#include "kps/app/outcome.hpp"
#include "kps/provisioning/station.hpp"

namespace kps::app {

/// The station directory when --data names none: $KPS_DATA, else ./kps-data.
QString dataDirectoryFromEnvironment();

/// A PIN from $NAME (then removed from the environment) or the file $NAME_FILE names;
/// neither set: an empty source (the station's configured file, or a fresh PIN).
CommandResult<provisioning::PinSource> pinFromEnvironment(const QByteArray& name);

/// Opens the station of `dataDirectory` with the HSM user PIN of $KPS_USER_PIN(_FILE),
/// else its configured PIN file.
CommandResult<std::unique_ptr<provisioning::Station>> openStation(const QString& dataDirectory);

/// The simulated line's test hooks: $KPS_SIM_CRASH_AT and $KPS_SIM_FLASH_MS (0..10000).
QString simulatedCrashPoint();
int simulatedFlashMs();

} // namespace kps::app
