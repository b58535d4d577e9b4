#include "kps/jigs/cortex_m/reset.hpp"

#include "kps/jigs/cortex_m/debug_registers.hpp"
#include "kps/jigs/cortex_m/halt.hpp"

namespace kps::jigs::cortex_m {

void queueSystemReset(adiv5::MemAp& ap) {
    ap.write(kAircr, aircr::kKey | aircr::kSystemResetRequest, "system reset (AIRCR)");
}

void queueResetAndHalt(adiv5::MemAp& ap) {
    ap.writeBanked(kDhcsr, dhcsr::kKey | dhcsr::kDebugEnable, "debug on (DHCSR)");
    ap.writeBanked(kDemcr, demcr::kCatchCoreReset | demcr::kCatchHardFault,
                   "catch the reset vector (DEMCR)");
    queueSystemReset(ap);
    queueWaitForHalt(ap, "wait for the core to halt at its reset vector", JigFault::SwdWait);
    ap.writeBanked(kDemcr, demcr::kCatchHardFault, "reset vector catch off (DEMCR)");
}

} // namespace kps::jigs::cortex_m
