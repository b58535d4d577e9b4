#pragma once
// A simulated production line for training, demos and tests: every slot is a
// simulated CMSIS-DAP probe driven by the real client stack (ProbeJig -> DAP
// commands -> in-process transport -> simulated probe -> SWD target -> reference
// endpoint model). Every attach() finds a fresh blank reference endpoint in the
// socket; every endpoint the station locked is archived as its key-store page
// image, `<archiveDirectory>/<uniqueIdHex>.keystore`, so tests can compare what
// the customer received with what the endpoint holds. Deterministic for a seed.
#include "kps/jigs/jig.hpp"
#include "kps/jigs/sim/fault_injector.hpp"

#include <filesystem>
#include <memory>
#include <mutex>
#include <random>

namespace kps::jigs {

class ReferenceEndpoint;

struct SimulatedLineOptions {
    std::uint64_t seed = 1;
    std::filesystem::path archiveDirectory; // empty: do not archive
    double faultRate = 0.0;                 // share of key-store writes that fail (flash program)
    sim::FaultRates faults;                 // every other fault kind, by rate
    unsigned flashBusyPolls = 2;            // status reads a flash operation stays busy
    std::uint16_t packetSize = 512;         // the simulated probes' packet size
};

class SimulatedLine {
public:
    explicit SimulatedLine(SimulatedLineOptions options);

    std::unique_ptr<Jig> jigForSlot(int slot);

    // Used by the simulated jigs.
    std::array<std::uint8_t, 12> nextUniqueId();
    /// What the operator puts into the socket next (nullptr: nothing).
    std::unique_ptr<ReferenceEndpoint> nextEndpoint(sim::FaultInjector& faults, bool& preLocked);
    void archive(const ReferenceEndpoint& endpoint);
    const SimulatedLineOptions& options() const { return options_; }

private:
    SimulatedLineOptions options_;
    std::mutex mutex_;
    std::mt19937_64 random_;
    std::uint64_t produced_ = 0;
};

/// The hex name an archived endpoint's file carries.
std::string uniqueIdHex(const std::array<std::uint8_t, 12>& uniqueId);

} // namespace kps::jigs
