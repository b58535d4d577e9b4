#pragma once
// Core register access while the core is halted: the value goes through DCRDR, the
// transfer is started by a DCRSR write and has completed when DHCSR.S_REGRDY is
// set, which a value-match read waits for (no round trip per register).
#include "kps/jigs/adiv5.hpp"
#include "kps/jigs/cortex_m/debug_registers.hpp"

namespace kps::jigs::cortex_m {

void queueWriteRegister(adiv5::MemAp& ap, CoreRegister reg, std::uint32_t value);
/// The value lands in `into` when the queue flushes.
void queueReadRegister(adiv5::MemAp& ap, CoreRegister reg, std::uint32_t* into);

/// Name of a register for messages ("r0", "pc", ...).
const char* registerName(CoreRegister reg);

} // namespace kps::jigs::cortex_m
