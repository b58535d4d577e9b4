#pragma once
// What the station knows about an endpoint MCU, as data (jigs/targets/*.json,
// schema kps-target/1): its SWD identity, memory map, flash controller and debug
// lock. The client programs the key store from this; the simulator models the
// same target from the same file.
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
    unsigned pageNumberShift = 3;
    std::uint32_t pageNumberMask = 0xFF; // after the shift

    std::uint32_t address(std::uint32_t offset) const { return base + offset; }
};

struct LockProfile {
    std::uint32_t rdpMask = 0xFF;
    std::uint32_t unlockedLevel = 0xAA;
    std::uint32_t lockedLevel = 0xBB;
};

/// A register that identifies the MCU (DBGMCU IDCODE on an STM32): attach checks
/// (value & mask) == expected.
struct McuIdentification {
    std::uint32_t address = 0; // 0: the profile names none
    std::uint32_t mask = 0;
    std::uint32_t expected = 0;
};

struct TargetProfile {
    std::string name;
    std::uint32_t dpidr = 0;
    std::uint8_t memAp = 0;
    std::uint32_t apIdr = 0;
    std::uint32_t clockHz = 4'000'000;
    std::uint32_t autoIncrementBlock = 1024; // TAR auto-increment range of the MEM-AP
    McuIdentification identification;
    std::string flashAlgorithm; // built-in flash algorithm; empty: key store by registers
    std::uint32_t flashBase = 0, flashSize = 0, pageSize = 0;
    std::uint32_t ramBase = 0, ramSize = 0;
    std::uint32_t uniqueIdAddress = 0, uniqueIdLength = 12;
    std::uint32_t keyStoreAddress = 0, keyStoreSize = 0;
    std::uint32_t dhcsr = 0xE000EDF0, aircr = 0xE000ED0C;
    FlashControllerProfile flash;
    LockProfile lock;

    std::uint32_t pageNumber(std::uint32_t address) const {
        return (address - flashBase) / pageSize;
    }
};

/// Parses a kps-target/1 document (the schema in schemas/ says the same, for tools).
Result<TargetProfile> parseTargetProfile(std::string_view json);
/// The embedded profile of a known target ("reference-endpoint-v1").
Result<TargetProfile> builtInTargetProfile(std::string_view name);
/// The embedded reference endpoint profile (cannot fail: checked by the tests).
const TargetProfile& referenceTarget();
/// The embedded JSON text of a known target, empty when unknown.
std::string_view builtInTargetJson(std::string_view name);

} // namespace kps::jigs
