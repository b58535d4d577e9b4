#pragma once
// What the simulated line puts into its sockets: endpoints of one target. The jigs
// library makes reference endpoints (its own register model); emulated MCUs come
// from kps::mcuemu, whose kind the layer that links it hands to the line.
#include "kps/jigs/sim/fault_injector.hpp"
#include "kps/jigs/sim/flash_pages.hpp"

#include <memory>

namespace kps::jigs::sim {

class EndpointKind {
public:
    virtual ~EndpointKind() = default;
    virtual const TargetProfile& profile() const = 0;
    /// An endpoint as delivered (flash erased, unlocked); `faults` may be nullptr.
    virtual std::unique_ptr<SimulatedEndpoint> make(const std::array<std::uint8_t, 12>& uniqueId,
                                                    FaultInjector* faults) const = 0;
    /// An endpoint as a socket or the archive kept it: these flash pages, this lock.
    virtual std::unique_ptr<SimulatedEndpoint> restore(const std::array<std::uint8_t, 12>& uniqueId,
                                                       const FlashPages& pages, bool locked,
                                                       FaultInjector* faults) const = 0;
};

/// Reference endpoints whose flash operations stay busy for `busyPolls` status reads.
std::shared_ptr<const EndpointKind> referenceEndpoints(unsigned busyPolls = 2);

} // namespace kps::jigs::sim
