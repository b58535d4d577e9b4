#include "kps/jigs/reference_endpoint.hpp"

#include "kps/jigs/keystore_record.hpp"
#include "kps/jigs/oms_telegram.hpp"
#include "kps/jigs/sim/fault_injector.hpp"
#include "kps/jigs/wipe.hpp"

#include <algorithm>

namespace kps::jigs {
namespace {

constexpr std::uint32_t kDebugKey = 0xA05F0000;
constexpr std::uint32_t kDhcsrDebugEnable = 1u << 0;
constexpr std::uint32_t kDhcsrHalt = 1u << 1;
constexpr std::uint32_t kDhcsrRegisterReady = 1u << 16;
constexpr std::uint32_t kDhcsrHalted = 1u << 17;
constexpr std::uint32_t kAircrKey = 0x05FA0000;
constexpr std::uint32_t kAircrSysResetReq = 1u << 2;
constexpr std::uint32_t kProgramError = 1u << 3; // PROGERR
constexpr std::uint32_t kProtectError = 1u << 4; // WRPERR
constexpr std::uint32_t kSizeError = 1u << 6;    // SIZERR
constexpr std::uint32_t kPpbBase = 0xE0000000;
constexpr std::uint32_t kPpbEnd = 0xE0100000;

std::uint32_t readBytes(const std::uint8_t* at, unsigned size) {
    std::uint32_t value = 0;
    for (unsigned i = size; i-- > 0;)
        value = value << 8 | at[i];
    return value;
}

void writeBytes(std::uint8_t* at, unsigned size, std::uint32_t value) {
    for (unsigned i = 0; i < size; ++i)
        at[i] = static_cast<std::uint8_t>(value >> (8 * i));
}

bool within(std::uint32_t address, unsigned size, std::uint32_t base, std::uint32_t length) {
    return address >= base && std::uint64_t(address) + size <= std::uint64_t(base) + length;
}

} // namespace

ReferenceEndpoint::ReferenceEndpoint(const TargetProfile& profile,
                                     std::array<std::uint8_t, 12> uniqueId,
                                     sim::FaultInjector* faults, unsigned busyPolls)
    : profile_(profile)
    , uniqueId_(uniqueId)
    , faults_(faults)
    , busyPolls_(busyPolls)
    , flash_(profile.flashSize, 0xFF)
    , ram_(profile.ramSize, 0x00) {
    optionsStored_ = optionsPending_ = optionsLoaded_ = profile.lock.unlockedLevel;
    control_ = profile.flash.crLock | profile.flash.crOptionLock;
}

ReferenceEndpoint::~ReferenceEndpoint() {
    wipe(flash_);
    wipe(ram_);
}

bool ReferenceEndpoint::locked() const {
    return (optionsLoaded_ & profile_.lock.rdpMask) != profile_.lock.unlockedLevel;
}

std::span<const std::uint8_t> ReferenceEndpoint::keyStorePage() const {
    return std::span(flash_).subspan(profile_.keyStoreAddress - profile_.flashBase,
                                     profile_.keyStoreSize);
}

void ReferenceEndpoint::provisionDirectly(std::span<const std::uint8_t> record) {
    const std::size_t offset = profile_.keyStoreAddress - profile_.flashBase;
    std::fill_n(flash_.begin() + std::ptrdiff_t(offset), profile_.keyStoreSize, 0xFF);
    std::copy(record.begin(), record.end(), flash_.begin() + std::ptrdiff_t(offset));
    optionsStored_ = optionsPending_ = optionsLoaded_ = profile_.lock.lockedLevel;
}

void ReferenceEndpoint::restoreKeyStore(std::span<const std::uint8_t> page, bool locked) {
    const std::size_t offset = profile_.keyStoreAddress - profile_.flashBase;
    const std::size_t size = std::min<std::size_t>(page.size(), profile_.keyStoreSize);
    std::copy_n(page.begin(), size, flash_.begin() + std::ptrdiff_t(offset));
    if (locked)
        optionsStored_ = optionsPending_ = optionsLoaded_ = profile_.lock.lockedLevel;
}

bool ReferenceEndpoint::inFlash(std::uint32_t address, unsigned size) const {
    return within(address, size, profile_.flashBase, profile_.flashSize);
}

bool ReferenceEndpoint::busRead(std::uint32_t address, unsigned size, std::uint32_t& value) {
    if (address % size != 0)
        return false;
    if (inFlash(address, size)) {
        if (locked())
            return false; // readout protection: no debug access to flash
        value = readBytes(flash_.data() + (address - profile_.flashBase), size);
        return true;
    }
    if (within(address, size, profile_.ramBase, profile_.ramSize)) {
        value = readBytes(ram_.data() + (address - profile_.ramBase), size);
        return true;
    }
    if (within(address, size, profile_.uniqueIdAddress, profile_.uniqueIdLength)) {
        value = readBytes(uniqueId_.data() + (address - profile_.uniqueIdAddress), size);
        return true;
    }
    if (within(address, size, profile_.flash.base, 0x400))
        return size == 4 && readController(address - profile_.flash.base, value);
    if (address >= kPpbBase && address < kPpbEnd)
        return size == 4 && readCore(address, value);
    return false;
}

bool ReferenceEndpoint::busWrite(std::uint32_t address, unsigned size, std::uint32_t value) {
    if (address % size != 0)
        return false;
    if (inFlash(address, size))
        return !locked() && programWord(address, size, value);
    if (within(address, size, profile_.ramBase, profile_.ramSize)) {
        writeBytes(ram_.data() + (address - profile_.ramBase), size, value);
        return true;
    }
    if (within(address, size, profile_.flash.base, 0x400))
        return size == 4 && writeController(address - profile_.flash.base, value);
    if (address >= kPpbBase && address < kPpbEnd)
        return size == 4 && writeCore(address, value);
    return false; // ROM (unique ID) and unmapped space
}

bool ReferenceEndpoint::readController(std::uint32_t offset, std::uint32_t& value) {
    const FlashControllerProfile& fc = profile_.flash;
    if (offset == fc.sr) {
        value = status_ | (busyReads_ > 0 ? fc.srBusy : 0);
        if (busyReads_ > 0)
            --busyReads_;
    } else if (offset == fc.cr) {
        value = control_;
    } else if (offset == fc.optr) {
        value = optionsLoaded_;
    } else {
        value = 0; // key registers read as zero
    }
    return true;
}

bool ReferenceEndpoint::writeController(std::uint32_t offset, std::uint32_t value) {
    const FlashControllerProfile& fc = profile_.flash;
    if (offset == fc.keyr || offset == fc.optkeyr) {
        unlockStep(value, offset == fc.optkeyr);
    } else if (offset == fc.sr) {
        status_ &= ~(value & (fc.srErrors | fc.srEndOfOperation)); // write 1 to clear
    } else if (offset == fc.cr) {
        if (control_ & fc.crLock)
            return false; // the controller is locked: the write faults
        writeControl(value);
    } else if (offset == fc.optr) {
        if (control_ & fc.crOptionLock)
            return false;
        optionsPending_ = value;
    }
    return true;
}

void ReferenceEndpoint::unlockStep(std::uint32_t key, bool optionKeys) {
    const FlashControllerProfile& fc = profile_.flash;
    const auto& keys = optionKeys ? fc.optionUnlockKeys : fc.unlockKeys;
    int& stage = optionKeys ? optionUnlockStage_ : unlockStage_;
    if (optionKeys && (control_ & fc.crLock)) {
        stage = 0;
        return;
    }
    if (key != keys[std::size_t(stage)]) {
        stage = 0; // a wrong key keeps the register locked until the next reset
        return;
    }
    if (++stage == 2) {
        control_ &= ~(optionKeys ? fc.crOptionLock : fc.crLock);
        stage = 0;
    }
}

void ReferenceEndpoint::writeControl(std::uint32_t value) {
    const FlashControllerProfile& fc = profile_.flash;
    const std::uint32_t protectedBits = control_ & fc.crOptionLock;
    control_ = (value & ~(fc.crStart | fc.crOptionStart | fc.crOptionLoad)) | protectedBits;
    if (value & fc.crLock)
        control_ |= fc.crLock | fc.crOptionLock;
    if (value & fc.crProgram) {
        rollOperationFaults();
    } else {
        corruptAfterWords_ = -1;
        operationFailing_ = false;
    }
    if (value & (fc.crStart | fc.crOptionStart))
        startOperation();
    if (value & fc.crOptionStart && !(control_ & fc.crOptionLock)) {
        const bool regression =
            locked() && (optionsPending_ & profile_.lock.rdpMask) == profile_.lock.unlockedLevel;
        if (regression)
            std::fill(flash_.begin(), flash_.end(), 0xFF); // back to level 0: mass erase
        optionsStored_ = optionsPending_;
    }
    if (value & fc.crOptionLoad)
        loadOptions();
}

void ReferenceEndpoint::rollOperationFaults() {
    if (!faults_ || corruptAfterWords_ >= 0 || operationFailing_)
        return;
    operationFailing_ = faults_->roll(sim::FaultKind::FlashProgram);
    if (faults_->roll(sim::FaultKind::FlashVerify))
        corruptAfterWords_ = int(faults_->pick(16));
}

void ReferenceEndpoint::startOperation() {
    const FlashControllerProfile& fc = profile_.flash;
    busyReads_ = busyPolls_;
    status_ |= fc.srEndOfOperation;
    if (control_ & fc.crPageErase) {
        if (locked()) {
            status_ |= kProtectError;
            return;
        }
        const std::uint32_t page = (control_ >> fc.pageNumberShift) & fc.pageNumberMask;
        if (page * profile_.pageSize >= profile_.flashSize) {
            status_ |= kProgramError;
            return;
        }
        std::fill_n(flash_.begin() + std::ptrdiff_t(page * profile_.pageSize), profile_.pageSize,
                    0xFF);
    }
}

bool ReferenceEndpoint::programWord(std::uint32_t address, unsigned size, std::uint32_t value) {
    const FlashControllerProfile& fc = profile_.flash;
    if (!(control_ & fc.crProgram) || (control_ & fc.crLock))
        return false; // writing flash outside a program operation is a bus error
    if (size != 4) {
        status_ |= kSizeError;
        return true;
    }
    std::uint8_t* at = flash_.data() + (address - profile_.flashBase);
    if (operationFailing_ || readBytes(at, 4) != 0xFFFFFFFF) {
        status_ |= kProgramError;
        return true;
    }
    if (corruptAfterWords_ == 0 && value != 0) {
        value &= value - 1; // one bit stays erased: the word reads back wrong
        corruptAfterWords_ = -1;
    } else if (corruptAfterWords_ > 0) {
        --corruptAfterWords_;
    }
    writeBytes(at, 4, value);
    busyReads_ = busyPolls_;
    status_ |= fc.srEndOfOperation;
    return true;
}

void ReferenceEndpoint::loadOptions() {
    optionsLoaded_ = optionsStored_;
    systemReset();
}

void ReferenceEndpoint::systemReset() {
    const FlashControllerProfile& fc = profile_.flash;
    control_ = fc.crLock | fc.crOptionLock;
    status_ = 0;
    busyReads_ = 0;
    unlockStage_ = optionUnlockStage_ = 0;
    operationFailing_ = false;
    corruptAfterWords_ = -1;
    halted_ = (debugControl_ & kDhcsrDebugEnable) && (demcr_ & 1u); // VC_CORERESET
}

bool ReferenceEndpoint::readCore(std::uint32_t address, std::uint32_t& value) const {
    if (address == profile_.dhcsr)
        value = debugControl_ | kDhcsrRegisterReady | (halted_ ? kDhcsrHalted : 0);
    else if (address == profile_.dhcsr + 0xC)
        value = demcr_;
    else
        value = 0; // the rest of the PPB and the ROM table read as zero
    return true;
}

bool ReferenceEndpoint::writeCore(std::uint32_t address, std::uint32_t value) {
    if (address == profile_.dhcsr && (value & 0xFFFF0000) == kDebugKey) {
        debugControl_ = value & 0x2F;
        halted_ = (value & kDhcsrDebugEnable) && (value & kDhcsrHalt);
    } else if (address == profile_.dhcsr + 0xC) {
        demcr_ = value;
    } else if (address == profile_.aircr && (value & 0xFFFF0000) == kAircrKey &&
               (value & kAircrSysResetReq)) {
        systemReset();
    }
    return true;
}

Result<std::vector<std::uint8_t>>
ReferenceEndpoint::emitTelegram(std::uint8_t accessNumber, std::span<const std::uint8_t> plaintext,
                                std::uint8_t status) const {
    const auto page = keyStorePage();
    const std::size_t length = recordLengthInPage(page);
    auto content = decodeKeyStore(page.first(length));
    if (!length || !content)
        return fail(JigFault::Protocol, "emit telegram", "endpoint",
                    "the key store holds no valid record: provision the endpoint first");
    const KeyEntry* dataKey = nullptr;
    for (const KeyEntry& key : content->keys)
        if (key.role == KeyRole::Data && (!dataKey || key.id < dataKey->id))
            dataKey = &key;
    if (!dataKey)
        return fail(JigFault::Protocol, "emit telegram", "endpoint",
                    "no data key in the key store");
    oms::Mode5Frame frame;
    frame.address = content->address;
    frame.accessNumber = accessNumber;
    frame.status = status;
    return oms::encryptMode5(dataKey->value, frame, plaintext);
}

} // namespace kps::jigs
