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
    /// RFC 7512 URI of an initialised token ("pkcs11:token=kps-station;serial=..."),
    /// when the HSM is not the embedded SoftHSM; kps init then takes the token as it
    /// is instead of initialising one. pin-source is allowed, pin-value refused.
    QString tokenUri;
};

} // namespace kps::provisioning
