#include "kps/jigs/cortex_m/halt.hpp"

#include "kps/jigs/cortex_m/debug_registers.hpp"

namespace kps::jigs::cortex_m {

std::size_t queueWaitForHalt(adiv5::MemAp& ap, const char* label, JigFault onTimeout) {
    return ap.pollBanked(kDhcsr, dhcsr::kHalted, dhcsr::kHalted, label, onTimeout);
}

void queueHalt(adiv5::MemAp& ap) {
    ap.writeBanked(kDhcsr, dhcsr::kKey | dhcsr::kHalt | dhcsr::kDebugEnable,
                   "halt the core (DHCSR)");
    queueWaitForHalt(ap, "wait for the core to halt", JigFault::SwdWait);
}

void queueResume(adiv5::MemAp& ap, Interrupts interrupts) {
    const std::uint32_t mask = interrupts == Interrupts::Masked ? dhcsr::kMaskInterrupts : 0;
    ap.writeBanked(kDhcsr, dhcsr::kKey | dhcsr::kDebugEnable | mask, "resume the core (DHCSR)");
}

void queueMaskInterrupts(adiv5::MemAp& ap) {
    ap.writeBanked(kDhcsr,
                   dhcsr::kKey | dhcsr::kMaskInterrupts | dhcsr::kHalt | dhcsr::kDebugEnable,
                   "mask interrupts while halted (DHCSR)");
}

void queueClearHaltReasons(adiv5::MemAp& ap) {
    ap.write(kDfsr, dfsr::kAll, "clear the halt reasons (DFSR)");
}

void queueRelease(adiv5::MemAp& ap) {
    ap.writeBanked(kDhcsr, dhcsr::kKey, "release the core (DHCSR, debug off)");
}

} // namespace kps::jigs::cortex_m
