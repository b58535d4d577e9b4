#pragma once
// Running the core until it halts on a breakpoint, within a time limit: resume,
// then value-match polls of DHCSR.S_HALT. One poll lasts as long as the probe's
// match retries; a core still running afterwards is polled again in a packet of
// its own until the limit, then halted and reported (bkpt-timeout). The halt
// reason (DFSR) says whether it was the breakpoint.
#include "kps/jigs/adiv5.hpp"

#include <chrono>

namespace kps::jigs::cortex_m {

struct HaltReport {
    std::uint32_t dfsr = 0;  // why the core halted
    unsigned extraPolls = 0; // packets spent polling after the first
};

/// Polls until the core halts or `limit` passes; then reads DFSR. Expects a
/// BKPT: a halt for another reason (a fault caught, a halt request) is an error,
/// and so is the limit (the core is halted then, so it stays in a known state).
Result<HaltReport> awaitBreakpoint(DapProbe& probe, std::uint8_t apsel,
                                   std::chrono::milliseconds limit, const char* what);

/// Resumes the core and waits for its breakpoint (awaitBreakpoint).
Result<HaltReport> runToBreakpoint(DapProbe& probe, std::uint8_t apsel,
                                   std::chrono::milliseconds limit, const char* what);

} // namespace kps::jigs::cortex_m
