#pragma once
// How CMSIS-DAP packets reach a probe: one command packet out, its response back,
// within a timeout. Implemented over libusb bulk endpoints (real probes, or the
// simulated probe behind umockdev) and in process (the simulated line).
#include "kps/jigs/jig_error.hpp"

#include <cstdint>
#include <span>
#include <string>

namespace kps::jigs {

class DapTransport {
public:
    virtual ~DapTransport() = default;
    /// Sends `command` and receives the response into `response` (packet-sized);
    /// returns the response length. Errors: ProbeMissing (gone), UsbTimeout.
    virtual Result<std::size_t> exchange(std::span<const std::uint8_t> command,
                                         std::span<std::uint8_t> response) = 0;
    /// Finds the probe again after it dropped off the bus (same serial); it starts
    /// over from its power-on state.
    virtual Status reconnect() = 0;
    /// The USB packet size the probe's bulk endpoints allow.
    virtual std::size_t usbPacketSize() const = 0;
    virtual std::string serial() const = 0;
    /// Command/response pairs exchanged so far.
    std::uint64_t roundTrips() const { return roundTrips_; }

protected:
    void countRoundTrip() { ++roundTrips_; }

private:
    std::uint64_t roundTrips_ = 0;
};

} // namespace kps::jigs
