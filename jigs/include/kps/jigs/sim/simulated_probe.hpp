#pragma once
// A CMSIS-DAP v2 probe in software: it answers command packets byte for byte as
// the specification says, drives an SwdTarget, and holds the socket where an
// endpoint sits (SimulatedEndpoint: the reference endpoint or an emulated MCU). Used in process
// (InProcessTransport) and as a USB device behind umockdev (so libusb and OpenOCD talk to the same
// code). Not thread-safe: one host at a time, as with a real probe.
#include "kps/jigs/dap/dap_packet.hpp"
#include "kps/jigs/sim/fault_injector.hpp"
#include "kps/jigs/sim/simulated_endpoint.hpp"
#include "kps/jigs/sim/swd_target.hpp"

#include <array>
#include <memory>
#include <string>

namespace kps::jigs::sim {

struct ProbeIdentity {
    std::string serial = "KPS-SIM-0001";
    std::string vendor = "KPS";
    std::string product = "KPS simulated CMSIS-DAP";
    std::string firmware = "2.1.1";
    std::uint16_t packetSize = 512;
    std::uint8_t packetCount = 4;
    std::uint16_t targetMillivolts = 3300;
};

enum class Delivery { Answered, Dropped, TimedOut };

struct ProbeAnswer {
    Delivery delivery = Delivery::Answered;
    std::size_t length = 0;
};

class SimulatedProbe {
public:
    SimulatedProbe(ProbeIdentity identity, const TargetProfile& profile,
                   FaultInjector* faults = nullptr);

    const ProbeIdentity& identity() const { return identity_; }
    const TargetProfile& profile() const { return profile_; }
    /// Fault injection from now on (nullptr: none).
    void setFaults(FaultInjector* faults) { faults_ = faults; }

    /// The socket: an endpoint (nullptr: empty), taken out again with remove().
    void insert(std::unique_ptr<SimulatedEndpoint> endpoint);
    std::unique_ptr<SimulatedEndpoint> remove();
    SimulatedEndpoint* endpoint() const { return endpoint_.get(); }

    /// One command packet from the host; the response is written into `response`.
    ProbeAnswer handle(std::span<const std::uint8_t> command, std::span<std::uint8_t> response);
    /// Back to the power-on state (USB re-enumeration).
    void usbReset();

    std::uint64_t packets() const { return packets_; }
    std::uint64_t packetsOf(dap::CommandId id) const { return byCommand_[std::size_t(id)]; }
    void resetCounters();

private:
    void execute(std::span<const std::uint8_t> command);
    void info(dap::Reader& in);
    void connect(dap::Reader& in);
    void swjPins(dap::Reader& in);
    void swjSequence(dap::Reader& in);
    void transferConfigure(dap::Reader& in);
    void resetTarget();
    void transfer(dap::Reader& in);
    void transferBlock(dap::Reader& in);
    std::uint8_t oneTransfer(std::uint8_t request, std::uint32_t data);
    std::size_t injectedFailureIndex(std::size_t count, std::uint8_t& ack);

    ProbeIdentity identity_;
    const TargetProfile& profile_;
    FaultInjector* faults_;
    SwdTarget target_;
    std::unique_ptr<SimulatedEndpoint> endpoint_;
    dap::Packet out_;
    bool connected_ = false;
    std::uint32_t clockHz_ = 1'000'000;
    std::uint16_t waitRetry_ = 100; // the CMSIS-DAP firmware's defaults
    std::uint16_t matchRetry_ = 0;
    std::uint32_t matchMask_ = 0;
    bool resetHeld_ = false;
    std::uint64_t packets_ = 0;
    std::array<std::uint64_t, 256> byCommand_{};
};

} // namespace kps::jigs::sim
