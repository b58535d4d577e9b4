#pragma once
// What the station knows about an endpoint MCU, as data (jigs/targets/*.json,
// schema kps-target/1): its SWD identity, memory map, flash controller and debug
// lock, and for real MCUs (stm32wle5) the device identity, peripheral addresses and
// flash timing. The client programs the key store from this; the simulator and the
// emulator model the same target from the same file. Optional parts read as 0.
#include "kps/jigs/jig_error.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace kps::jigs {

struct FlashControllerProfile {
    std::uint32_t base = 0;
    std::uint32_t keyr = 0, optkeyr = 0, sr = 0, cr = 0, optr = 0; // offsets from base
    std::array<std::uint32_t, 2> unlockKeys{};
    std::array<std::uint32_t, 2> optionUnlockKeys{};
    std::uint32_t srBusy = 0, srEndOfOperation = 0, srErrors = 0; // masks
    std::uint32_t crProgram = 0, crPageErase = 0, crStart = 0;    // masks
    std::uint32_t crOptionStart = 0, crOptionLoad = 0, crOptionLock = 0, crLock = 0;
    // Optional (masks, 0 when the profile does not name them): the single error flags
    // and further control bits of controllers that have them (RM0461's).
    std::uint32_t srOperationError = 0, srProgramError = 0, srWriteProtectError = 0;
    std::uint32_t srAlignmentError = 0, srSizeError = 0, srSequenceError = 0;
    std::uint32_t srConfigBusy = 0;
    std::uint32_t crMassErase = 0, crFastProgram = 0, crEndOfOperationInterrupt = 0;
    std::uint32_t crErrorInterrupt = 0;
    unsigned pageNumberShift = 3;
    std::uint32_t pageNumberMask = 0xFF; // after the shift

    std::uint32_t address(std::uint32_t offset) const { return base + offset; }
};

struct LockProfile {
    std::uint32_t rdpMask = 0xFF;
    std::uint32_t unlockedLevel = 0xAA;
    std::uint32_t lockedLevel = 0xBB;
    std::uint32_t permanentLevel = 0; // 0: none (level 2, debug disabled for good)
    std::uint32_t factoryOptions = 0; // the option word as delivered; 0: unlockedLevel
};

/// The MCU's own identity registers (optional: 0 when absent).
struct IdentityProfile {
    std::uint32_t dbgmcuIdcode = 0;      // address of DBGMCU_IDCODE
    std::uint32_t deviceId = 0;          // DEV_ID, bits 11:0
    std::uint32_t revisionId = 0;        // REV_ID, bits 31:16
    std::uint32_t uid64Address = 0;      // the 64-bit unique ID
    std::uint32_t flashSizeRegister = 0; // flash size in KiB, 16 bits
    std::uint32_t cpuid = 0;             // the core's CPUID
};

/// Peripheral base addresses (optional: 0 when absent).
struct PeripheralsProfile {
    std::uint32_t aes = 0, pka = 0, rng = 0, uart = 0;
    std::string uartName;
};

/// The flash's own times, charged as busy time by the simulators (0: instant).
struct FlashTimingProfile {
    std::uint32_t pageEraseNanoseconds = 0;
    std::uint32_t programNanoseconds = 0; // one program unit
};

struct TargetProfile {
    std::string name;
    std::uint32_t dpidr = 0;
    std::uint8_t memAp = 0;
    std::uint32_t apIdr = 0;
    std::uint32_t clockHz = 4'000'000;
    std::uint32_t autoIncrementBlock = 1024; // TAR auto-increment range of the MEM-AP
    std::string flashAlgorithm; // built-in flash algorithm; empty: key store by registers
    std::uint32_t flashBase = 0, flashSize = 0, pageSize = 0;
    std::uint32_t programUnit = 4; // bytes programmed at once (8: double word)
    std::uint32_t ramBase = 0, ramSize = 0;
    std::uint32_t uniqueIdAddress = 0, uniqueIdLength = 12;
    std::uint32_t keyStoreAddress = 0, keyStoreSize = 0;
    std::uint32_t dhcsr = 0xE000EDF0, aircr = 0xE000ED0C;
    FlashControllerProfile flash;
    LockProfile lock;
    IdentityProfile identity;
    PeripheralsProfile peripherals;
    FlashTimingProfile timing;

    std::uint32_t pageNumber(std::uint32_t address) const {
        return (address - flashBase) / pageSize;
    }
};

/// Parses a kps-target/1 document (the schema in schemas/ says the same, for tools).
Result<TargetProfile> parseTargetProfile(std::string_view json);
/// The embedded profile of a known target ("reference-endpoint-v1", "stm32wle5").
Result<TargetProfile> builtInTargetProfile(std::string_view name);
/// The embedded reference endpoint profile (cannot fail: checked by the tests).
const TargetProfile& referenceTarget();
/// The embedded STM32WLE5 profile (cannot fail: checked by the tests).
const TargetProfile& stm32wle5Target();
/// The embedded JSON text of a known target, empty when unknown.
std::string_view builtInTargetJson(std::string_view name);

} // namespace kps::jigs
