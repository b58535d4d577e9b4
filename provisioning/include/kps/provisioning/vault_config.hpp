#pragma once
// Where the station's HSM is and how to reach it.
#include <QString>

namespace kps::provisioning {

struct VaultConfig {
    QString modulePath;       // PKCS#11 module
    QString tokenLabel;       // e.g. "kps-station"
    QString softHsmDirectory; // SoftHSM's own config + tokens; empty for other modules
    QString stationName;
    QString publicDirectory; // station certificates (PEM)
};

} // namespace kps::provisioning
