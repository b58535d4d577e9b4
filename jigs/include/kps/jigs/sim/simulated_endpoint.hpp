#pragma once
// What sits in a simulated probe's socket: the MCU behind the SW-DP and its AHB-AP.
// The SW-DP model (SwdTarget) reaches it through the debug bus; the simulated line,
// its sockets and the tests look at what it holds. Two kinds exist: the reference
// endpoint (a register model of our own, jigs/) and emulated MCUs with a real
// Cortex-M core (jigs/emulator, kps::mcuemu), which the jigs library does not link.
#include "kps/jigs/target_profile.hpp"

#include <array>
#include <cstdint>
#include <span>

namespace kps::jigs::sim {

class SimulatedEndpoint {
public:
    virtual ~SimulatedEndpoint() = default;

    // --- the debug bus, as the AHB-AP reaches it ---
    /// `size` is 1, 2 or 4 bytes, the value right-aligned. False: bus error (AP FAULT).
    virtual bool busRead(std::uint32_t address, unsigned size, std::uint32_t& value) = 0;
    virtual bool busWrite(std::uint32_t address, unsigned size, std::uint32_t value) = 0;
    /// The reset line (nRESET, DAP_ResetTarget): a system reset.
    virtual void systemReset() = 0;
    /// One SWD access reached the SW-DP: time passes for the endpoint (an emulated
    /// core executes its next instructions). Nothing happens on a register model.
    virtual void swdAccess() {}
    /// A command packet reached the probe: the time of a USB round trip passes for the
    /// endpoint before the probe acts on it (an emulated core runs on).
    virtual void probeCommand() {}
    /// What the SW-DP answers to a DPIDR read.
    virtual std::uint32_t dpidr() const { return profile().dpidr; }
    /// The AHB-AP's auto-increment range: TAR wraps within blocks of this size.
    virtual std::uint32_t autoIncrementBlock() const { return 0x400; }
    /// False when the debug port is disabled for good (readout protection level 2):
    /// nothing answers on the wire.
    virtual bool debugPortEnabled() const { return true; }

    // --- what the simulated line, its sockets and the tests look at ---
    virtual const TargetProfile& profile() const = 0;
    virtual const std::array<std::uint8_t, 12>& uniqueId() const = 0;
    virtual bool locked() const = 0; // readout protection in force
    virtual bool halted() const = 0;
    virtual std::span<const std::uint8_t> flash() const = 0;
    virtual std::span<const std::uint8_t> keyStorePage() const = 0;
    /// An endpoint provisioned earlier: `record` in its key store, readout protected.
    virtual void provisionDirectly(std::span<const std::uint8_t> record) = 0;
    /// The simulated line's persistent socket: a key-store page image and lock as they
    /// were when the station stopped.
    virtual void restoreKeyStore(std::span<const std::uint8_t> page, bool locked) = 0;
};

} // namespace kps::jigs::sim
