// The emulated MCU's bus: what an address reaches, for the debugger (the AHB-AP,
// which gets bus errors) and for the core (which reaches flash and RAM directly and
// everything else through CoreBus).
#include "mcu.hpp"

#include <cstring>

namespace kps::mcuemu {
namespace {

constexpr std::uint32_t kPpbBase = 0xE0000000, kPpbEnd = 0xE0100000;
constexpr std::uint32_t kSystemMemoryBase = 0x1FFF0000, kSystemMemoryEnd = 0x1FFF8000;
constexpr std::uint32_t kBootloaderEnd = 0x1FFF7000;
constexpr std::uint32_t kOtpBase = 0x1FFF7000, kOtpEnd = 0x1FFF7400;
constexpr std::uint32_t kOptionBytes = 0x1FFF7800;
constexpr std::uint32_t kUid64Ids = 0x0080E115; // UID64 bits 63:32: STID 0x0080E1, DEVID 0x15
constexpr std::uint32_t kControllerWindow = 0x400;
constexpr std::uint32_t kDbgmcuWindow = 0x400;

bool within(std::uint32_t address, unsigned size, std::uint32_t base, std::uint32_t length) {
    return address >= base && std::uint64_t(address) + size <= std::uint64_t(base) + length;
}

std::uint32_t lane(std::uint32_t word, std::uint32_t address, unsigned size) {
    const std::uint32_t value = word >> (8 * (address & 3));
    return size == 4 ? value : value & ((1u << (8 * size)) - 1);
}

std::uint32_t readBytes(const std::uint8_t* at, unsigned size) {
    std::uint32_t value = 0;
    std::memcpy(&value, at, size); // little-endian host and target
    return value;
}

} // namespace

bool Stm32wlMcu::Impl::inFlash(std::uint32_t address, unsigned size) const {
    return within(address, size, profile_.flashBase, profile_.flashSize);
}

bool Stm32wlMcu::Impl::inRam(std::uint32_t address, unsigned size) const {
    return within(address, size, profile_.ramBase, profile_.ramSize);
}

bool Stm32wlMcu::Impl::mapped(std::uint32_t address) const {
    for (const MemoryWindow& window : windows_)
        if (within(address, 4, window.base, window.size))
            return true;
    return false;
}

bool Stm32wlMcu::Impl::debugRead(std::uint32_t address, unsigned size, std::uint32_t& value) {
    if (address % size != 0)
        return false;
    if (inFlash(address, size)) {
        if (flashController_->flashProtected())
            return false; // readout protection: a bus error, as on silicon
        value = readBytes(flash_.data() + (address - profile_.flashBase), size);
        return true;
    }
    if (inRam(address, size)) {
        value = readBytes(ram_.data() + (address - profile_.ramBase), size);
        return true;
    }
    if (within(address, size, kSystemMemoryBase, kBootloaderEnd - kSystemMemoryBase)) {
        value = readBytes(bootloader_.data() + (address - kSystemMemoryBase), size);
        return true;
    }
    if (!mapped(address & ~3u))
        return false;
    value = lane(readWord(address & ~3u, Initiator::Debugger), address, size);
    return true;
}

bool Stm32wlMcu::Impl::debugWrite(std::uint32_t address, unsigned size, std::uint32_t value) {
    if (address % size != 0)
        return false;
    if (inFlash(address, size))
        return !flashController_->flashProtected() &&
               flashController_->writeFlash(address, size, value);
    if (inRam(address, size)) {
        std::memcpy(ram_.data() + (address - profile_.ramBase), &value, size);
        core_->memoryChanged(address, address + size); // code may have been loaded there
        return true;
    }
    if (within(address, size, kSystemMemoryBase, kSystemMemoryEnd - kSystemMemoryBase) ||
        !mapped(address & ~3u))
        return false; // ROM and unmapped space
    const std::uint32_t word = address & ~3u;
    if (within(address, size, profile_.flash.base, kControllerWindow))
        return size == 4 && flashController_->writeRegister(address - profile_.flash.base, value);
    std::uint32_t merged = value << (8 * (address & 3));
    if (size < 4 && word >= kPpbBase) { // debug registers: the other lanes are kept
        const std::uint32_t mask = ((1u << (8 * size)) - 1) << (8 * (address & 3));
        merged = (readWord(word, Initiator::Debugger) & ~mask) | (merged & mask);
    }
    writeWord(word, merged, Initiator::Debugger);
    return true;
}

std::uint32_t Stm32wlMcu::Impl::coreRead(std::uint32_t address, unsigned size) {
    return lane(readWord(address & ~3u, Initiator::Core), address, size);
}

void Stm32wlMcu::Impl::coreWrite(std::uint32_t address, unsigned size, std::uint32_t value) {
    const std::uint32_t word = address & ~3u;
    if (within(address, size, profile_.flash.base, kControllerWindow)) {
        if (!flashController_->writeRegister(word - profile_.flash.base, value))
            core_->faultNow(); // a wrong key: bus error, hard fault
        return;
    }
    writeWord(word, value << (8 * (address & 3)), Initiator::Core);
}

bool Stm32wlMcu::Impl::coreFlashWrite(std::uint32_t address, unsigned size, std::uint32_t value) {
    return !flashController_->flashProtected() &&
           flashController_->writeFlash(address, size, value);
}

std::uint32_t Stm32wlMcu::Impl::readWord(std::uint32_t address, Initiator) {
    if (within(address, 4, profile_.flash.base, kControllerWindow))
        return flashController_->readRegister(address - profile_.flash.base);
    for (const Mapped& m : peripherals_)
        if (within(address, 4, m.base, m.size))
            return m.peripheral->read(address - m.base);
    if (within(address, 4, kSystemMemoryBase, kSystemMemoryEnd - kSystemMemoryBase))
        return systemMemory(address);
    if (within(address, 4, profile_.identity.dbgmcuIdcode, kDbgmcuWindow))
        return debugMcu(address);
    if (within(address, 4, kPpbBase, kPpbEnd - kPpbBase))
        return control_->read(address);
    for (std::size_t i = 1; i < windows_.size(); ++i)
        if (within(address, 4, windows_[i].base, windows_[i].size))
            return otherRegisters_[i - 1]->read(address);
    return 0;
}

void Stm32wlMcu::Impl::writeWord(std::uint32_t address, std::uint32_t value, Initiator initiator) {
    for (const Mapped& m : peripherals_)
        if (within(address, 4, m.base, m.size))
            return m.peripheral->write(address - m.base, value);
    if (within(address, 4, profile_.identity.dbgmcuIdcode, kDbgmcuWindow)) {
        const std::uint32_t offset = address - profile_.identity.dbgmcuIdcode;
        const std::uint32_t slots[4] = {0x04, 0x3C, 0x44, 0x4C}; // CR, APB1FZR1/2, APB2FZR
        for (int i = 0; i < 4; ++i)
            if (offset == slots[i])
                dbgmcuControl_[i] = value;
        return;
    }
    if (within(address, 4, kPpbBase, kPpbEnd - kPpbBase))
        return control_->write(address, value, initiator);
    for (std::size_t i = 1; i < windows_.size(); ++i)
        if (within(address, 4, windows_[i].base, windows_[i].size))
            return otherRegisters_[i - 1]->write(address, value);
}

std::uint32_t Stm32wlMcu::Impl::systemMemory(std::uint32_t address) const {
    const jigs::IdentityProfile& id = profile_.identity;
    if (within(address, 4, profile_.uniqueIdAddress, profile_.uniqueIdLength))
        return readBytes(options_.uniqueId.data() + (address - profile_.uniqueIdAddress), 4);
    if (id.uid64Address && address == id.uid64Address)
        return readBytes(options_.uniqueId.data(), 4) ^ readBytes(options_.uniqueId.data() + 4, 4) ^
               readBytes(options_.uniqueId.data() + 8, 4); // DEVNUM: one per part
    if (id.uid64Address && address == id.uid64Address + 4)
        return kUid64Ids;
    if (id.flashSizeRegister && address == id.flashSizeRegister)
        return profile_.flashSize / 1024; // in KiB
    if (address == kOptionBytes)
        return flashController_->loadedOptions();
    if (within(address, 4, kOtpBase, kOtpEnd - kOtpBase) || address >= kOptionBytes)
        return 0xFFFFFFFF; // blank OTP and option words
    return 0;              // the other engineering bytes are not modelled
}

std::uint32_t Stm32wlMcu::Impl::debugMcu(std::uint32_t address) const {
    const std::uint32_t offset = address - profile_.identity.dbgmcuIdcode;
    switch (offset) {
    case 0x00:
        return profile_.identity.revisionId << 16 | deviceId_;
    case 0x04:
        return dbgmcuControl_[0];
    case 0x3C:
        return dbgmcuControl_[1];
    case 0x44:
        return dbgmcuControl_[2];
    case 0x4C:
        return dbgmcuControl_[3];
    default:
        return 0;
    }
}

} // namespace kps::mcuemu
