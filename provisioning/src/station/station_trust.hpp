#pragma once
// Who may change the station's files. Before a station is used, its data directory,
// configuration, database, secrets and HSM token (SoftHSM2 directory, its
// softhsm2.conf and token directory) must belong to the user who runs it and be
// writable by nobody else; the database and the secrets must not even be readable by
// anyone else. Otherwise another local account could swap the PKCS#11 module the
// station loads, or copy the PIN hashes. A refusal (exit 3) names the path, what is
// wrong and the chmod/chown that fixes it.
#include "kps/provisioning/error.hpp"
#include "kps/provisioning/station.hpp"

#include <QJsonObject>

namespace kps::provisioning {

/// Checks the tree of an opened station.json (read, not yet used).
Done checkStationTree(const StationPaths& paths, const QJsonObject& config);

/// After kps init: the database file(s) 0600, secrets/ 0700, whatever the umask was.
Done restrictStationFiles(const StationPaths& paths);

} // namespace kps::provisioning
