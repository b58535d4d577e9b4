#include "kps/provisioning/testing/station_internals.hpp"

#include "station_core.hpp"

namespace kps::provisioning {

Store& StationInternals::store(Station& station) {
    return *station.core_->store;
}

KeyVault& StationInternals::vault(Station& station) {
    return *station.core_->vault;
}

} // namespace kps::provisioning
