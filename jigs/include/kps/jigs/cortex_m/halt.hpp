#pragma once
// Halting and resuming a Cortex-M core through DHCSR (queued; nothing is sent
// before the queue flushes). Every write carries the debug key.
#include "kps/jigs/adiv5.hpp"

namespace kps::jigs::cortex_m {

/// Debug on, halt requested, then a value-match poll until S_HALT.
void queueHalt(adiv5::MemAp& ap);
enum class Interrupts { Enabled, Masked };

/// Lets the core run with debug on, so a BKPT or a vector catch halts it again.
/// Masked keeps C_MASKINTS set (see queueMaskInterrupts): PendSV, SysTick and
/// external interrupts stay pending while code of the station runs on the target.
void queueResume(adiv5::MemAp& ap, Interrupts interrupts = Interrupts::Enabled);
/// While halted: sets C_MASKINTS, written together with C_HALT as ARMv7-M requires
/// (C1.6.3); resumes with Interrupts::Masked keep it.
void queueMaskInterrupts(adiv5::MemAp& ap);
/// Clears the sticky halt reasons (DFSR), so the next halt's reason can be read.
void queueClearHaltReasons(adiv5::MemAp& ap);
/// Debug off: the core runs free (after provisioning; a BKPT then is a fault).
void queueRelease(adiv5::MemAp& ap);
/// A value-match poll until S_HALT; a core that never halts ends the queue with
/// `onTimeout` once the probe's match retries are used up. Returns the poll's item.
std::size_t queueWaitForHalt(adiv5::MemAp& ap, const char* label, JigFault onTimeout);

} // namespace kps::jigs::cortex_m
