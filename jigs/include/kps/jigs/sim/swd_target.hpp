#pragma once
// The target side of the SWD wire: an ADIv5 SW-DP (line reset, JTAG-to-SWD switch,
// DPIDR, ABORT, CTRL/STAT power-up handshake, SELECT, RDBUFF, sticky errors) and
// one AHB-AP (CSW sizes and auto-increment incl. packed, TAR, DRW, BD0-3, IDR, BASE)
// in front of the bus of the endpoint in the socket (SimulatedEndpoint), which also
// gives the identity the DP and AP answer with. An empty socket answers nothing.
#include "kps/jigs/sim/simulated_endpoint.hpp"
#include "kps/jigs/target_profile.hpp"

#include <cstdint>
#include <span>

namespace kps::jigs::sim {

class SwdTarget {
public:
    explicit SwdTarget(const TargetProfile& profile);

    /// Puts an endpoint into the socket (nullptr: empty) and powers it up.
    void plug(SimulatedEndpoint* endpoint);
    SimulatedEndpoint* endpoint() const { return endpoint_; }

    /// Bits clocked out by DAP_SWJ_Sequence, LSB first.
    void clockBits(unsigned count, std::span<const std::uint8_t> bits);
    /// One register access (DAP_Transfer request bits 0-3); returns the SWD ACK.
    /// Every access lets the endpoint's time advance first (SimulatedEndpoint::swdAccess).
    std::uint8_t access(std::uint8_t request, std::uint32_t& data);
    /// A target-side error the client did not cause (fault injection): STICKYERR.
    void raiseStickyError() { stickyError_ = true; }
    bool stickyError() const { return stickyError_; }

private:
    enum class Link { Jtag, AwaitingDpidr, Swd };
    void clockBit(bool one);
    std::uint8_t debugPort(bool read, std::uint8_t address, std::uint32_t& data);
    std::uint8_t accessPort(bool read, std::uint8_t address, std::uint32_t& data);
    std::uint8_t dataWord(bool read, std::uint32_t address, std::uint32_t& data);
    std::uint8_t dataRegister(bool read, std::uint32_t& data);
    std::uint32_t controlStatus();
    void writeAbort(std::uint32_t value);
    void advance(std::uint32_t bytes);
    std::uint8_t busError();

    SimulatedEndpoint* endpoint_ = nullptr;
    Link link_ = Link::Jtag;
    bool swdSelected_ = false;
    unsigned ones_ = 0;
    unsigned sinceReset_ = 0;
    std::uint16_t shift_ = 0;
    std::uint32_t control_ = 0;
    unsigned powerUpReads_ = 0;
    std::uint32_t select_ = 0;
    std::uint32_t lastRead_ = 0;
    bool stickyError_ = false;
    std::uint32_t csw_ = 0x03000002;
    std::uint32_t tar_ = 0;
};

} // namespace kps::jigs::sim
