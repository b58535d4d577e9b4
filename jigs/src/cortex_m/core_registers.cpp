#include "kps/jigs/cortex_m/core_registers.hpp"

namespace kps::jigs::cortex_m {

namespace {
void queueAwaitTransfer(adiv5::MemAp& ap) {
    ap.pollBanked(kDhcsr, dhcsr::kRegisterReady, dhcsr::kRegisterReady,
                  "wait for the core register transfer (S_REGRDY)", JigFault::SwdWait);
}
} // namespace

void queueWriteRegister(adiv5::MemAp& ap, CoreRegister reg, std::uint32_t value) {
    ap.writeBanked(kDcrdr, value, "core register value (DCRDR)");
    ap.writeBanked(kDcrsr, dcrsr::kWrite | std::uint32_t(reg), "write a core register (DCRSR)");
    queueAwaitTransfer(ap);
}

void queueReadRegister(adiv5::MemAp& ap, CoreRegister reg, std::uint32_t* into) {
    ap.writeBanked(kDcrsr, std::uint32_t(reg), "read a core register (DCRSR)");
    queueAwaitTransfer(ap);
    ap.readBanked(kDcrdr, into, "core register value (DCRDR)");
}

const char* registerName(CoreRegister reg) {
    static const char* const names[] = {"r0", "r1", "r2",   "r3",  "r4",  "r5",  "r6",
                                        "r7", "r8", "r9",   "r10", "r11", "r12", "sp",
                                        "lr", "pc", "xpsr", "msp", "psp"};
    const auto index = std::size_t(reg);
    return index < std::size(names) ? names[index] : "?";
}

} // namespace kps::jigs::cortex_m
