#pragma once
// Resetting a Cortex-M through its System Control Block: a system reset
// (AIRCR.SYSRESETREQ: core and peripherals, not the debug logic), and a reset that
// halts the core on its first instruction (vector catch, DEMCR.VC_CORERESET), so
// no instruction of the firmware runs before the debugger takes over.
#include "kps/jigs/adiv5.hpp"

namespace kps::jigs::cortex_m {

/// AIRCR = VECTKEY | SYSRESETREQ; the core runs its firmware afterwards (unless a
/// vector catch is armed).
void queueSystemReset(adiv5::MemAp& ap);
/// Debug on, VC_CORERESET armed, system reset, wait for S_HALT, vector catch off.
void queueResetAndHalt(adiv5::MemAp& ap);

} // namespace kps::jigs::cortex_m
