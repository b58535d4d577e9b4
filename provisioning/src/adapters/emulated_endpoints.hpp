#pragma once
// The endpoints of the simulated line for a target a profile names: the reference
// endpoint model (jigs), or an emulated MCU (kps::mcuemu: a Unicorn Cortex-M core with
// the MCU's bus) for a real MCU family.
#include "kps/jigs/sim/endpoint_kind.hpp"

#include <QString>

namespace kps::provisioning {

/// nullptr when the simulated line has no endpoints of that target.
std::shared_ptr<const jigs::sim::EndpointKind> simulatedEndpoints(const QString& target,
                                                                  double flashTimeScale);

} // namespace kps::provisioning
