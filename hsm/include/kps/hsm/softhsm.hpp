#pragma once
// The embedded default HSM: SoftHSM2 with its token directory inside the station's
// data directory, configured by a softhsm2.conf of the station's own.
#include "kps/hsm/error.hpp"

#include <filesystem>

namespace kps::hsm {

/// Writes DIR/softhsm2.conf (token directory DIR/tokens) unless it exists, and points
/// SOFTHSM2_CONF at it. Call before the module is loaded.
Status useSoftHsmIn(const std::filesystem::path& directory);

} // namespace kps::hsm
