#include "core_control.hpp"

namespace kps::mcuemu {
namespace {

// ARMv7-M system control space and debug registers.
constexpr std::uint32_t kCpuid = 0xE000ED00, kDfsr = 0xE000ED30;
constexpr std::uint32_t kDcrsrOffset = 0x4, kDcrdrOffset = 0x8, kDemcrOffset = 0xC; // from DHCSR
constexpr std::uint32_t kFpCtrl = 0xE0002000, kFpRemap = 0xE0002004, kFpComp0 = 0xE0002008;
constexpr std::uint32_t kDwtCtrl = 0xE0001000;
constexpr std::uint32_t kRomTable = 0xE00FF000;
constexpr std::uint32_t kMvfr0 = 0xE000EF40, kMvfr1 = 0xE000EF44;

constexpr std::uint32_t kDebugKey = 0xA05F0000;
constexpr std::uint32_t kDebugEnable = 1u << 0, kHaltRequest = 1u << 1, kStepRequest = 1u << 2;
constexpr std::uint32_t kControlBits = 0x2F; // C_DEBUGEN, C_HALT, C_STEP, C_MASKINTS, C_SNAPSTALL
constexpr std::uint32_t kRegisterReady = 1u << 16, kHalted = 1u << 17, kLockedUp = 1u << 19;
constexpr std::uint32_t kRetired = 1u << 24, kResetHappened = 1u << 25;
constexpr std::uint32_t kRegisterWrite = 1u << 16;
constexpr std::uint32_t kDemcrWritable = 0x010F07F1;
constexpr std::uint32_t kCatchReset = 1u << 0, kCatchHardFault = 1u << 10;
constexpr std::uint32_t kDfsrHalted = 1u << 0, kDfsrBreakpoint = 1u << 1,
                        kDfsrVectorCatch = 1u << 3;
constexpr std::uint32_t kDfsrAll = 0x1F;
constexpr std::uint32_t kAircrKey = 0x05FA0000, kAircrKeyRead = 0xFA050000;
constexpr std::uint32_t kVectReset = 1u << 0, kSysResetRequest = 1u << 2;
constexpr std::uint32_t kFpbKey = 1u << 1;
constexpr std::uint32_t kFpbCodeComparators = 6, kFpbLiteralComparators = 2;

} // namespace

CoreControl::CoreControl(const jigs::TargetProfile& profile, CortexCore& core,
                         ResetRequests& resets, jigs::sim::FaultInjector* faults)
    : profile_(profile)
    , core_(core)
    , resets_(resets)
    , faults_(faults) {}

bool CoreControl::debugEnabled() const {
    return control_ & kDebugEnable;
}

void CoreControl::powerOn() {
    control_ = demcr_ = dfsr_ = dcrdr_ = prigroup_ = 0;
    retired_ = resetSticky_ = fpbEnabled_ = false;
    comparators_.fill(0);
    other_.clear();
    core_.setBreakpoints({});
    state_ = CoreState::Running;
}

std::uint32_t CoreControl::read(std::uint32_t address) {
    const std::uint32_t dhcsr = profile_.dhcsr;
    if (address == dhcsr)
        return readStatus();
    if (address == dhcsr + kDcrdrOffset)
        return dcrdr_;
    if (address == dhcsr + kDemcrOffset)
        return demcr_;
    if (address == dhcsr + kDcrsrOffset)
        return 0; // write-only
    if (address == profile_.aircr)
        return kAircrKeyRead | prigroup_ << 8;
    if (address == kCpuid)
        return profile_.identity.cpuid;
    if (address == kDfsr)
        return dfsr_;
    if (address == kFpCtrl)
        return (kFpbLiteralComparators << 8) | (kFpbCodeComparators << 4) | (fpbEnabled_ ? 1 : 0);
    if (address >= kFpComp0 && address < kFpComp0 + 4 * comparators_.size())
        return comparators_[(address - kFpComp0) / 4];
    if (address == kFpRemap || address == kDwtCtrl || address == kMvfr0 || address == kMvfr1)
        return 0; // no remap, no DWT comparators, no FPU
    if (address >= kRomTable)
        return romTable(address - kRomTable);
    const auto found = other_.find(address);
    return found == other_.end() ? 0 : found->second;
}

void CoreControl::write(std::uint32_t address, std::uint32_t value, Initiator initiator) {
    const std::uint32_t dhcsr = profile_.dhcsr;
    if (address == dhcsr) {
        if (initiator == Initiator::Debugger) // software cannot drive halting debug
            writeStatus(value);
    } else if (address == dhcsr + kDcrsrOffset) {
        writeSelector(value);
    } else if (address == dhcsr + kDcrdrOffset) {
        dcrdr_ = value;
    } else if (address == dhcsr + kDemcrOffset) {
        demcr_ = value & kDemcrWritable;
    } else if (address == profile_.aircr) {
        writeApplicationReset(value);
    } else if (address == kDfsr) {
        dfsr_ &= ~(value & kDfsrAll); // write 1 to clear
    } else if (address == kFpCtrl || (address >= kFpComp0 && address < kFpComp0 + 32)) {
        writeBreakpointUnit(address, value);
    } else if (address != kCpuid && address < kRomTable) {
        other_[address] = value;
    }
}

std::uint32_t CoreControl::readStatus() {
    std::uint32_t value = control_ | kRegisterReady;
    if (state_ == CoreState::Halted)
        value |= kHalted;
    if (state_ == CoreState::LockedUp)
        value |= kLockedUp;
    if (retired_)
        value |= kRetired;
    if (resetSticky_)
        value |= kResetHappened;
    retired_ = resetSticky_ = false; // sticky bits clear on read
    return value;
}

void CoreControl::writeStatus(std::uint32_t value) {
    if ((value & 0xFFFF0000) != kDebugKey)
        return; // without the key the write is ignored
    const bool wasHalted = state_ == CoreState::Halted;
    control_ = value & kControlBits;
    if (!(control_ & kDebugEnable)) {
        if (wasHalted)
            state_ = CoreState::Running; // debug disabled: the core leaves debug state
        return;
    }
    if (control_ & kHaltRequest) {
        if (!wasHalted)
            halt(kDfsrHalted);
    } else if (wasHalted) {
        if (control_ & kStepRequest)
            step();
        else
            resume();
    }
}

void CoreControl::writeSelector(std::uint32_t value) {
    if (state_ != CoreState::Halted)
        return; // core registers are reachable in debug state only
    const unsigned selector = value & 0x7F;
    if (value & kRegisterWrite)
        core_.writeRegister(selector, dcrdr_);
    else
        dcrdr_ = core_.readRegister(selector);
}

void CoreControl::writeApplicationReset(std::uint32_t value) {
    if ((value & 0xFFFF0000) != kAircrKey)
        return;
    prigroup_ = (value >> 8) & 0x7;
    if (value & kSysResetRequest)
        resets_.systemResetRequested();
    else if (value & kVectReset)
        resets_.coreResetRequested();
}

void CoreControl::writeBreakpointUnit(std::uint32_t address, std::uint32_t value) {
    if (address == kFpCtrl) {
        if (value & kFpbKey)
            fpbEnabled_ = value & 1;
    } else {
        comparators_[(address - kFpComp0) / 4] = value;
    }
    std::vector<std::uint32_t> addresses;
    for (std::size_t i = 0; fpbEnabled_ && i < kFpbCodeComparators; ++i) {
        const std::uint32_t comparator = comparators_[i];
        const std::uint32_t replace = comparator >> 30;
        if (!(comparator & 1) || replace == 0)
            continue; // disabled, or a remap (not modelled)
        const std::uint32_t word = comparator & 0x1FFFFFFC;
        if (replace & 1)
            addresses.push_back(word);
        if (replace & 2)
            addresses.push_back(word + 2);
    }
    core_.setBreakpoints(addresses);
}

void CoreControl::halt(std::uint32_t reason) {
    state_ = CoreState::Halted;
    dfsr_ |= reason;
    control_ |= kHaltRequest; // entering debug state sets C_HALT, whatever the cause
}

void CoreControl::resume() {
    const bool hangs = faults_ && faults_->roll(jigs::sim::FaultKind::BkptTimeout);
    state_ = hangs ? CoreState::Hung : CoreState::Running;
}

void CoreControl::step() {
    state_ = CoreState::Running;
    const CoreStop stop = core_.run(1);
    retired_ = true;
    if (stop == CoreStop::Count)
        halt(kDfsrHalted);
    else
        stopped(stop);
}

void CoreControl::advance(std::uint64_t instructions) {
    if (state_ != CoreState::Running || instructions == 0)
        return;
    const CoreStop stop = core_.run(instructions);
    retired_ = true;
    if (stop != CoreStop::Count)
        stopped(stop);
}

void CoreControl::stopped(CoreStop stop) {
    if (stop == CoreStop::Breakpoint && debugEnabled())
        return halt(kDfsrBreakpoint);
    // A fault, or a breakpoint without halting debug (escalates to HardFault): with
    // the hard-fault vector catch the core halts, otherwise it locks up (handlers are
    // not modelled).
    if (debugEnabled() && (demcr_ & kCatchHardFault))
        return halt(kDfsrVectorCatch);
    state_ = CoreState::LockedUp;
}

void CoreControl::resetCore(std::optional<Vectors> vectors) {
    resetSticky_ = true;
    if (vectors)
        core_.reset(vectors->stackPointer, vectors->resetHandler);
    else
        core_.reset(0xFFFFFFFC, 0xFFFFFFFE);
    if (debugEnabled() && (demcr_ & kCatchReset))
        return halt(kDfsrVectorCatch);
    if (debugEnabled() && (control_ & kHaltRequest))
        return halt(kDfsrHalted);
    state_ = vectors ? CoreState::Running : CoreState::LockedUp;
}

std::uint32_t CoreControl::romTable(std::uint32_t offset) const {
    // Entries (present, 32-bit format) relative to the table: SCS, DWT, FPB, ITM, TPIU;
    // the ETM is listed absent. Identification: a class 1 ROM table of the part
    // (JEP106 ST, part number = the device ID), as on STM32 parts.
    static constexpr std::uint32_t entries[] = {0xFFF0F003, 0xFFF02003, 0xFFF03003,
                                                0xFFF01003, 0xFFF41003, 0xFFF42002};
    if (offset < sizeof entries)
        return entries[offset / 4];
    const std::uint32_t device = profile_.identity.deviceId;
    switch (offset) {
    case 0xFCC:
        return 0x1; // MEMTYPE: system memory on this bus
    case 0xFE0:
        return device & 0xFF;
    case 0xFE4:
        return (device >> 8) & 0xF; // and JEP106 ST (0x20) bits 3:0, which are 0
    case 0xFE8:
        return 0x0A; // JEP106 bits 6:4 (2) and "JEDEC code used"
    case 0xFF0:
        return 0x0D;
    case 0xFF4:
        return 0x10;
    case 0xFF8:
        return 0x05;
    case 0xFFC:
        return 0xB1;
    default:
        return 0;
    }
}

} // namespace kps::mcuemu
