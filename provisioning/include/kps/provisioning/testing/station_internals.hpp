#pragma once
// Tests only: the station's store and vault, for what no service offers on purpose
// (tampering with rows, counting the token's objects, planting a half-made state).
// Nothing in app/ includes this header; the station's services are its only door.
#include "kps/provisioning/station.hpp"

namespace kps::provisioning {

struct StationInternals {
    static Store& store(Station& station);
    static KeyVault& vault(Station& station);
};

} // namespace kps::provisioning
