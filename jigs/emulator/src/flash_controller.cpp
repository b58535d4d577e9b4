#include "flash_controller.hpp"

#include <algorithm>
#include <cstring>

namespace kps::mcuemu {
namespace {

// RM0461 FLASH registers the profile does not name (stm32wle5xx.h FLASH_TypeDef).
constexpr std::uint32_t kAcr = 0x00, kEccr = 0x18, kPcrop1Asr = 0x24, kPcrop1Aer = 0x28;
constexpr std::uint32_t kWrp1Ar = 0x2C, kWrp1Br = 0x30, kPcrop1Bsr = 0x34, kPcrop1Ber = 0x38;
constexpr std::uint32_t kAcrReset = 0x00000600;     // ICEN | DCEN
constexpr std::uint32_t kAcrWritable = 0x0001DF07;  // LATENCY, PRFTEN..DCRST, PES, EMPTY
constexpr std::uint32_t kNoWrpArea = 0x0000007F;    // start 0x7F above end 0: no area
constexpr std::uint32_t kNoPcropStart = 0x000000FF; // start above end: no area
constexpr std::uint32_t kSrMissError = 1u << 8;     // MISERR
constexpr std::uint32_t kSrFastError = 1u << 9;     // FASTERR
constexpr std::uint32_t kSrReadError = 1u << 14;    // RDERR
constexpr std::uint32_t kSrOptionError = 1u << 15;  // OPTVERR
constexpr std::uint64_t kErased = ~std::uint64_t(0);

std::uint64_t readDoubleWord(const std::uint8_t* at) {
    std::uint64_t value = 0;
    std::memcpy(&value, at, 8); // little-endian host and target
    return value;
}

} // namespace

FlashController::FlashController(const jigs::TargetProfile& profile, std::span<std::uint8_t> flash,
                                 BusyTimer timer, FlashEvents& events,
                                 jigs::sim::FaultInjector* faults)
    : profile_(profile)
    , fc_(profile.flash)
    , flash_(flash)
    , timer_(std::move(timer))
    , events_(events)
    , faults_(faults)
    , stored_(profile.lock.factoryOptions)
    , loaded_(profile.lock.factoryOptions) {
    loadOptionBytes();
    systemReset();
}

RdpLevel FlashController::levelOf(std::uint32_t options) const {
    const std::uint32_t rdp = options & profile_.lock.rdpMask;
    if (rdp == profile_.lock.unlockedLevel)
        return RdpLevel::Level0;
    if (profile_.lock.permanentLevel && rdp == profile_.lock.permanentLevel)
        return RdpLevel::Level2;
    return RdpLevel::Level1;
}

void FlashController::systemReset() {
    acr_ = kAcrReset | (acr_ & kEmpty); // EMPTY holds until the next option load
    sr_ = 0;
    cr_ = fc_.crLock | fc_.crOptionLock;
    optr_ = loaded_;
    keyStage_ = optionKeyStage_ = 0;
    lockedOut_ = false;
    latched_ = false;
    configBusy_ = false;
    completionPending_ = false;
    completionClear_ = 0;
    failNextProgram_ = false;
    corruptAfter_ = -1;
    timer_.reset();
}

void FlashController::loadOptionBytes() {
    loaded_ = stored_;
    optr_ = loaded_;
    acr_ = (acr_ & ~kEmpty) | (readDoubleWord(flash_.data()) == kErased ? kEmpty : 0);
}

void FlashController::setOptionBytes(std::uint32_t options) {
    stored_ = loaded_ = optr_ = options;
}

FlashStatistics FlashController::statistics() const {
    FlashStatistics statistics = statistics_;
    statistics.modelledNanoseconds = timer_.modelledNanoseconds();
    statistics.chargedNanoseconds = timer_.chargedNanoseconds();
    return statistics;
}

void FlashController::settle() {
    if (!completionPending_ || timer_.busy())
        return;
    completionPending_ = false;
    configBusy_ = false;
    cr_ &= ~completionClear_;
    completionClear_ = 0;
    if (cr_ & fc_.crEndOfOperationInterrupt)
        sr_ |= fc_.srEndOfOperation; // EOP is set only with EOPIE (RM0461 FLASH_SR)
}

std::uint32_t FlashController::status() const {
    return sr_ | (timer_.busy() ? fc_.srBusy : 0) | (configBusy_ ? fc_.srConfigBusy : 0);
}

std::uint32_t FlashController::readRegister(std::uint32_t offset) {
    settle();
    if (offset == fc_.sr)
        return status();
    if (offset == fc_.cr)
        return cr_;
    if (offset == fc_.optr)
        return optr_;
    switch (offset) {
    case kAcr:
        return acr_;
    case kWrp1Ar:
    case kWrp1Br:
        return kNoWrpArea;
    case kPcrop1Asr:
    case kPcrop1Bsr:
        return kNoPcropStart;
    case kEccr:
    case kPcrop1Aer:
    case kPcrop1Ber:
    default:
        return 0; // KEYR and OPTKEYR read as zero
    }
}

bool FlashController::writeRegister(std::uint32_t offset, std::uint32_t value) {
    settle();
    if (offset == fc_.keyr || offset == fc_.optkeyr)
        return writeKey(value, offset == fc_.optkeyr);
    if (offset == fc_.sr) {
        const std::uint32_t clearable = fc_.srErrors | fc_.srEndOfOperation | kSrMissError |
                                        kSrFastError | kSrReadError | kSrOptionError;
        sr_ &= ~(value & clearable); // write 1 to clear
    } else if (offset == fc_.cr) {
        if (!(cr_ & fc_.crLock))
            writeControl(value); // a locked CR ignores writes
    } else if (offset == fc_.optr) {
        if (!(cr_ & fc_.crOptionLock))
            optr_ = value;
    } else if (offset == kAcr) {
        acr_ = value & kAcrWritable;
    }
    return true;
}

bool FlashController::writeKey(std::uint32_t key, bool optionKey) {
    // RM0461: a wrong key sequence is a bus error and keeps FLASH_CR locked until the
    // next reset; the option keys need LOCK cleared first.
    const std::uint32_t lockBit = optionKey ? fc_.crOptionLock : fc_.crLock;
    const auto& keys = optionKey ? fc_.optionUnlockKeys : fc_.unlockKeys;
    int& stage = optionKey ? optionKeyStage_ : keyStage_;
    const bool inOrder = !lockedOut_ && (cr_ & lockBit) && !(optionKey && (cr_ & fc_.crLock)) &&
                         key == keys[std::size_t(stage)];
    if (!inOrder) {
        lockedOut_ = true;
        cr_ |= fc_.crLock | fc_.crOptionLock;
        keyStage_ = optionKeyStage_ = 0;
        return false;
    }
    if (++stage == 2) {
        cr_ &= ~lockBit;
        stage = 0;
    }
    return true;
}

void FlashController::writeControl(std::uint32_t value) {
    const std::uint32_t triggers = fc_.crStart | fc_.crOptionStart | fc_.crOptionLoad;
    const bool optionsLocked = cr_ & fc_.crOptionLock;
    const bool programRising = (value & fc_.crProgram) && !(cr_ & fc_.crProgram);
    const std::uint32_t setOnly = cr_ & (fc_.crOptionLock | fc_.crLock | completionClear_);
    cr_ = (value & ~triggers) | setOnly;
    if (!(cr_ & fc_.crProgram))
        latched_ = configBusy_ = false; // a half-written double word is dropped
    if (programRising)
        rollProgramFaults();
    if ((value & fc_.crStart) && !(completionClear_ & fc_.crStart))
        startErase();
    if ((value & fc_.crOptionStart) && !optionsLocked)
        startOptionProgramming();
    if ((value & fc_.crOptionLoad) && !optionsLocked)
        events_.optionLoadRequested();
}

void FlashController::finishLater(std::uint32_t clearControl) {
    cr_ |= clearControl;
    completionClear_ |= clearControl;
    completionPending_ = true;
    settle(); // at once when no busy time is charged
}

void FlashController::failOperation(std::uint32_t errors) {
    sr_ |= errors;
    if (cr_ & fc_.crErrorInterrupt)
        sr_ |= fc_.srOperationError; // OPERR only with ERRIE
    latched_ = configBusy_ = false;
}

void FlashController::erase(std::uint32_t offset, std::uint32_t length) {
    std::fill_n(flash_.begin() + std::ptrdiff_t(offset), length, 0xFF);
    events_.flashChanged(profile_.flashBase + offset, profile_.flashBase + offset + length);
}

void FlashController::startErase() {
    const std::uint32_t pending = fc_.srProgramError | fc_.srAlignmentError | fc_.srSizeError |
                                  fc_.srSequenceError | fc_.srWriteProtectError | kSrMissError |
                                  kSrFastError;
    const bool mass = cr_ & fc_.crMassErase;
    if ((sr_ & pending) || (cr_ & fc_.crProgram) || !(cr_ & (fc_.crPageErase | fc_.crMassErase)))
        return failOperation(fc_.srSequenceError); // clear errors first; PER or MER alone
    if (flashProtected())
        return failOperation(fc_.srWriteProtectError);
    if (mass) {
        erase(0, profile_.flashSize);
        ++statistics_.massErases;
    } else {
        const std::uint32_t page = (cr_ >> fc_.pageNumberShift) & fc_.pageNumberMask;
        if (page * profile_.pageSize >= profile_.flashSize)
            return failOperation(fc_.srSequenceError);
        erase(page * profile_.pageSize, profile_.pageSize);
        ++statistics_.pageErases;
    }
    timer_.charge(profile_.timing.pageEraseNanoseconds);
    finishLater(fc_.crStart);
}

void FlashController::startOptionProgramming() {
    if (level() == RdpLevel::Level2)
        return failOperation(fc_.srWriteProtectError); // level 2 freezes the options
    if (level() == RdpLevel::Level1 && levelOf(optr_) == RdpLevel::Level0) {
        erase(0, profile_.flashSize); // leaving level 1 mass-erases (RM0461, RDP regression)
        ++statistics_.massErases;
    }
    stored_ = optr_;
    ++statistics_.optionPrograms;
    timer_.charge(profile_.timing.pageEraseNanoseconds); // the option page is rewritten
    finishLater(fc_.crOptionStart);
}

bool FlashController::writeFlash(std::uint32_t address, unsigned size, std::uint32_t value) {
    settle();
    const std::uint32_t programErrors = fc_.srProgramError | fc_.srAlignmentError |
                                        fc_.srSizeError | fc_.srSequenceError | kSrMissError |
                                        kSrFastError;
    if (!(cr_ & fc_.crProgram) || (sr_ & programErrors)) {
        sr_ |= fc_.srSequenceError; // no PG, or an earlier error not cleared
        latched_ = configBusy_ = false;
        return true;
    }
    if (size != 4) {
        failOperation(fc_.srSizeError | fc_.srSequenceError);
        return true;
    }
    if (!latched_) {
        if (address % 8 != 0) {
            failOperation(fc_.srAlignmentError | fc_.srSequenceError);
            return true;
        }
        latched_ = configBusy_ = true;
        latchAddress_ = address;
        latchValue_ = value;
        return true;
    }
    latched_ = false;
    if (address != latchAddress_ + 4) {
        failOperation(fc_.srAlignmentError | fc_.srSequenceError);
        return true;
    }
    programDoubleWord(latchAddress_, std::uint64_t(value) << 32 | latchValue_);
    latchValue_ = 0; // it may have been a key word
    return true;
}

void FlashController::programDoubleWord(std::uint32_t address, std::uint64_t value) {
    const std::uint32_t offset = address - profile_.flashBase;
    std::uint8_t* at = flash_.data() + offset;
    if (flashProtected())
        return failOperation(fc_.srWriteProtectError);
    // PROGERR: the double word is not erased, unless all zeros are written over it.
    if (failNextProgram_ || (readDoubleWord(at) != kErased && value != 0)) {
        failNextProgram_ = false;
        return failOperation(fc_.srProgramError);
    }
    if (corruptAfter_ == 0 && value != 0) {
        value &= value - 1; // one bit stays erased, silently (fault injection)
        corruptAfter_ = -1;
    } else if (corruptAfter_ > 0) {
        --corruptAfter_;
    }
    std::memcpy(at, &value, 8);
    events_.flashChanged(address, address + 8);
    ++statistics_.doubleWords;
    timer_.charge(profile_.timing.programNanoseconds);
    configBusy_ = true;
    finishLater(0);
}

void FlashController::rollProgramFaults() {
    if (!faults_)
        return;
    failNextProgram_ = faults_->roll(jigs::sim::FaultKind::FlashProgram);
    if (faults_->roll(jigs::sim::FaultKind::FlashVerify))
        corruptAfter_ = int(faults_->pick(16));
}

} // namespace kps::mcuemu
