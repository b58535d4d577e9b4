#pragma once
// What the station's services share: its directory, name, HSM and store. Private to
// provisioning: outside it, the station is reached through its services only.
#include "kps/provisioning/ports/key_vault.hpp"
#include "kps/provisioning/station.hpp"
#include "kps/provisioning/store.hpp"

#include <memory>

namespace kps::provisioning {

class StationCore {
public:
    StationPaths paths;
    QString name;
    StoreLocation location;
    std::unique_ptr<KeyVault> vault;
    std::unique_ptr<Store> store;
};

} // namespace kps::provisioning
