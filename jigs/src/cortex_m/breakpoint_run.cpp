#include "kps/jigs/cortex_m/breakpoint_run.hpp"

#include "kps/jigs/cortex_m/debug_registers.hpp"
#include "kps/jigs/cortex_m/halt.hpp"

#include <cstdio>

namespace kps::jigs::cortex_m {

namespace {

using Clock = std::chrono::steady_clock;

std::string hex32(std::uint32_t value) {
    char text[11];
    std::snprintf(text, sizeof text, "0x%08X", value);
    return text;
}

/// One packet: wait for S_HALT (value match), then the halt reason.
Status pollOnce(DapProbe& probe, std::uint8_t apsel, std::uint32_t* dfsr) {
    TransferQueue queue(probe);
    adiv5::MemAp ap(queue, apsel, false);
    queueWaitForHalt(ap, "wait for the breakpoint", JigFault::BreakpointTimeout);
    ap.read(kDfsr, dfsr, "read the halt reason (DFSR)");
    return queue.flush();
}

Status haltAfterTimeout(DapProbe& probe, std::uint8_t apsel) {
    TransferQueue queue(probe);
    adiv5::MemAp ap(queue, apsel, false);
    queueHalt(ap);
    ap.leaveBanked();
    return queue.flush();
}

} // namespace

Result<HaltReport> awaitBreakpoint(DapProbe& probe, std::uint8_t apsel,
                                   std::chrono::milliseconds limit, const char* what) {
    const Clock::time_point deadline = Clock::now() + limit;
    HaltReport report;
    for (;; ++report.extraPolls) {
        auto polled = pollOnce(probe, apsel, &report.dfsr);
        if (polled)
            break;
        if (polled.error().fault != JigFault::BreakpointTimeout)
            return tl::unexpected(polled.error());
        if (Clock::now() >= deadline) {
            (void)haltAfterTimeout(probe, apsel); // a known state for the clean-up
            return fail(JigFault::BreakpointTimeout, what, probe.where(),
                        "the code run on the target did not reach its breakpoint within " +
                            std::to_string(limit.count()) +
                            " ms: the core was halted; retry the endpoint");
        }
    }
    if (!(report.dfsr & dfsr::kBreakpoint))
        return fail(JigFault::FlashProgram, what, probe.where(),
                    "the core halted without reaching its breakpoint (DFSR " + hex32(report.dfsr) +
                        "): the code run on the target faulted",
                    long(report.dfsr));
    return report;
}

Result<HaltReport> runToBreakpoint(DapProbe& probe, std::uint8_t apsel,
                                   std::chrono::milliseconds limit, const char* what) {
    TransferQueue queue(probe);
    adiv5::MemAp ap(queue, apsel, false);
    queueClearHaltReasons(ap);
    queueResume(ap);
    ap.leaveBanked();
    KPS_TRY(queue.flush());
    return awaitBreakpoint(probe, apsel, limit, what);
}

} // namespace kps::jigs::cortex_m
