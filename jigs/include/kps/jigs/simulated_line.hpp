#pragma once
// A simulated production line for training, demos and tests: every slot is a
// simulated CMSIS-DAP probe driven by the real client stack (ProbeJig -> DAP
// commands -> in-process transport -> simulated probe -> SWD target -> the endpoint:
// the reference endpoint model, or an emulated MCU of the `kind` given). attach()
// connects to the endpoint in the socket; an empty socket receives the next endpoint:
// a returned one (`returnedEndpoints`: erased, for re-keying), else a fresh blank one.
// The endpoint stays in the socket until detach(); every endpoint the station locked
// is archived (atomically) as its key-store page image,
// `<archiveDirectory>/<uniqueIdHex>.keystore`, and when it holds firmware too as its
// flash's non-empty pages, `<uniqueIdHex>.flash` (flash_pages.hpp), so tests can
// compare what the customer received with what the endpoint holds and run it. With
// `socketDirectory` the sockets survive a crash of the station (simulated_sockets.hpp).
// Deterministic for a seed.
#include "kps/jigs/jig.hpp"
#include "kps/jigs/sim/endpoint_kind.hpp"
#include "kps/jigs/sim/fault_injector.hpp"

#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <random>
#include <vector>

namespace kps::jigs {

class SimulatedSockets;

struct SimulatedLineOptions {
    std::uint64_t seed = 1;
    std::filesystem::path archiveDirectory; // empty: do not archive
    double faultRate = 0.0;                 // share of key-store writes that fail (flash program)
    sim::FaultRates faults;                 // every other fault kind, by rate
    unsigned flashBusyPolls = 2;            // status reads a flash operation stays busy
    std::uint16_t packetSize = 512;         // the simulated probes' packet size
    std::filesystem::path socketDirectory;  // empty: the sockets are lost with the process
    /// Endpoints brought back to the line for re-keying (their key store erased).
    std::vector<std::array<std::uint8_t, 12>> returnedEndpoints;
    bool onlyReturned = false; // true: no fresh endpoints once the returned ones are used
    /// The endpoints in the sockets; empty: reference endpoints (flashBusyPolls).
    std::shared_ptr<const sim::EndpointKind> kind;
};

class SimulatedLine {
public:
    explicit SimulatedLine(SimulatedLineOptions options);
    ~SimulatedLine();

    std::unique_ptr<Jig> jigForSlot(int slot);

    // Used by the simulated jigs.
    std::array<std::uint8_t, 12> nextUniqueId();
    /// What the operator puts into the socket next (nullptr: nothing).
    std::unique_ptr<sim::SimulatedEndpoint> nextEndpoint(sim::FaultInjector& faults,
                                                         bool& preLocked);
    /// What sits in the slot's socket after a restart, else the next endpoint.
    std::unique_ptr<sim::SimulatedEndpoint> endpointForSocket(int slot, sim::FaultInjector& faults,
                                                              bool& preLocked);
    void socketChanged(int slot, const sim::SimulatedEndpoint& endpoint, bool preLocked);
    /// The endpoint leaves the socket: archived first if the station locked it.
    void socketEmptied(int slot, const sim::SimulatedEndpoint* endpoint, bool preLocked) noexcept;
    void archive(const sim::SimulatedEndpoint& endpoint);
    const SimulatedLineOptions& options() const { return options_; }
    const sim::EndpointKind& kind() const { return *kind_; }

private:
    std::unique_ptr<sim::SimulatedEndpoint> returnedEndpoint(sim::FaultInjector& faults);

    SimulatedLineOptions options_;
    std::shared_ptr<const sim::EndpointKind> kind_;
    std::unique_ptr<SimulatedSockets> sockets_;
    std::deque<std::array<std::uint8_t, 12>> returned_;
    std::mutex mutex_;
    std::mt19937_64 random_;
    std::uint64_t produced_ = 0;
};

/// The hex name an archived endpoint's file carries.
std::string uniqueIdHex(const std::array<std::uint8_t, 12>& uniqueId);

} // namespace kps::jigs
