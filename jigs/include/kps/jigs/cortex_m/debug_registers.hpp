#pragma once
// The Cortex-M debug registers the station uses (ARMv7-M Architecture Reference
// Manual, C1.6 "Debug system registers", B3.2 "System control block"): the same
// addresses on every Cortex-M3/M4, so they are constants here, not target data.
#include <cstdint>

namespace kps::jigs::cortex_m {

// Debug Halting Control and Status Register, its four neighbours form one 16-byte
// block reached through the MEM-AP's banked data registers.
constexpr std::uint32_t kDhcsr = 0xE000EDF0;
constexpr std::uint32_t kDcrsr = 0xE000EDF4; // core register selector
constexpr std::uint32_t kDcrdr = 0xE000EDF8; // core register data
constexpr std::uint32_t kDemcr = 0xE000EDFC; // exception and monitor control
constexpr std::uint32_t kAircr = 0xE000ED0C; // application interrupt and reset control
constexpr std::uint32_t kDfsr = 0xE000ED30;  // debug fault status

namespace dhcsr {
constexpr std::uint32_t kKey = 0xA05F0000; // DBGKEY: writes without it are ignored
constexpr std::uint32_t kDebugEnable = 1u << 0;
constexpr std::uint32_t kHalt = 1u << 1;
constexpr std::uint32_t kStep = 1u << 2;
constexpr std::uint32_t kMaskInterrupts = 1u << 3;
constexpr std::uint32_t kRegisterReady = 1u << 16;  // S_REGRDY
constexpr std::uint32_t kHalted = 1u << 17;         // S_HALT
constexpr std::uint32_t kSleeping = 1u << 18;       // S_SLEEP
constexpr std::uint32_t kLockedUp = 1u << 19;       // S_LOCKUP
constexpr std::uint32_t kResetSinceRead = 1u << 25; // S_RESET_ST
} // namespace dhcsr

namespace dcrsr {
constexpr std::uint32_t kWrite = 1u << 16; // REGWnR
} // namespace dcrsr

namespace demcr {
constexpr std::uint32_t kCatchCoreReset = 1u << 0;  // VC_CORERESET
constexpr std::uint32_t kCatchHardFault = 1u << 10; // VC_HARDERR
} // namespace demcr

namespace aircr {
constexpr std::uint32_t kKey = 0x05FA0000;             // VECTKEY
constexpr std::uint32_t kSystemResetRequest = 1u << 2; // SYSRESETREQ
} // namespace aircr

namespace dfsr {
constexpr std::uint32_t kHaltRequest = 1u << 0; // HALTED
constexpr std::uint32_t kBreakpoint = 1u << 1;  // BKPT
constexpr std::uint32_t kVectorCatch = 1u << 3; // VCATCH
constexpr std::uint32_t kAll = 0x1F;            // write ones to clear
} // namespace dfsr

/// Core registers by their DCRSR REGSEL number.
enum class CoreRegister : std::uint8_t {
    R0 = 0,
    R1,
    R2,
    R3,
    R4,
    R5,
    R6,
    R7,
    R8,
    R9,
    R10,
    R11,
    R12,
    Sp = 13, // the current stack pointer
    Lr = 14,
    Pc = 15, // DebugReturnAddress: where the core resumes
    Xpsr = 16,
    Msp = 17,
    Psp = 18,
};

/// xPSR with only the Thumb bit set, as after reset (a Cortex-M executes Thumb only).
constexpr std::uint32_t kXpsrThumb = 1u << 24;

} // namespace kps::jigs::cortex_m
