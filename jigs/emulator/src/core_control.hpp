#pragma once
// The core's debug side, as ARMv7-M defines it (Architecture Reference Manual, chapter
// C1 Debug): DHCSR (C_DEBUGEN, C_HALT, C_STEP, C_MASKINTS; S_REGRDY, S_HALT, S_LOCKUP,
// S_RETIRE_ST, S_RESET_ST; writes need the key 0xA05F), DCRSR/DCRDR (core registers
// while halted), DEMCR (vector catch on reset and hard fault), DFSR (why it halted),
// AIRCR (SYSRESETREQ and VECTRESET with the key 0x05FA), CPUID, the FPB (6 code
// comparators, revision 1) and the run state: running, halted, locked up, or hung
// (fault injection: a core that never reaches its breakpoint). The rest of the
// private peripheral bus reads back what was written; the ROM table lists SCS, DWT,
// FPB, ITM and TPIU.
#include "cortex_core.hpp"
#include "kps/jigs/sim/fault_injector.hpp"
#include "kps/jigs/target_profile.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <unordered_map>

namespace kps::mcuemu {

enum class CoreState { Running, Halted, LockedUp, Hung };
enum class Initiator { Core, Debugger };

class ResetRequests {
public:
    virtual ~ResetRequests() = default;
    virtual void systemResetRequested() = 0; // AIRCR.SYSRESETREQ
    virtual void coreResetRequested() = 0;   // AIRCR.VECTRESET: the core alone
};

struct Vectors {
    std::uint32_t stackPointer = 0, resetHandler = 0;
};

class CoreControl {
public:
    CoreControl(const jigs::TargetProfile& profile, CortexCore& core, ResetRequests& resets,
                jigs::sim::FaultInjector* faults);

    std::uint32_t read(std::uint32_t address);
    void write(std::uint32_t address, std::uint32_t value, Initiator initiator);
    /// Lets a running core execute up to `instructions` instructions.
    void advance(std::uint64_t instructions);
    /// The core leaves reset with these vectors (none: the fetch failed, it locks up);
    /// it halts at once on vector catch.
    void resetCore(std::optional<Vectors> vectors);
    /// Power-on: the debug registers to their power-on values.
    void powerOn();

    CoreState state() const { return state_; }
    bool debugEnabled() const;

private:
    std::uint32_t readStatus();
    void writeStatus(std::uint32_t value);
    void writeSelector(std::uint32_t value);
    void writeApplicationReset(std::uint32_t value);
    void writeBreakpointUnit(std::uint32_t address, std::uint32_t value);
    void halt(std::uint32_t reason);
    void resume();
    void step();
    void stopped(CoreStop stop);
    std::uint32_t romTable(std::uint32_t offset) const;

    const jigs::TargetProfile& profile_;
    CortexCore& core_;
    ResetRequests& resets_;
    jigs::sim::FaultInjector* faults_;
    CoreState state_ = CoreState::Running;
    std::uint32_t control_ = 0; // DHCSR C_ bits
    std::uint32_t demcr_ = 0;
    std::uint32_t dfsr_ = 0;
    std::uint32_t dcrdr_ = 0;
    std::uint32_t prigroup_ = 0;
    bool retired_ = false, resetSticky_ = false;
    bool fpbEnabled_ = false;
    std::array<std::uint32_t, 8> comparators_{};
    std::unordered_map<std::uint32_t, std::uint32_t> other_; // the rest of the PPB
};

} // namespace kps::mcuemu
