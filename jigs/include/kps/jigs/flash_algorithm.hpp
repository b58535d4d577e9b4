#pragma once
// A flash algorithm with the CMSIS-Pack ABI, read from its ELF file with libelf: the
// blob to load into target RAM (PrgCode, then PrgData, linked at address 0 and
// position-independent), the entry points by symbol, and the device description
// (FlashDevice, section DevDscr). The algorithms for the station's targets are C in
// jigs/flash-algorithms/, built with arm-none-eabi-gcc and embedded at build time.
#include "kps/jigs/image_error.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kps::jigs {

struct FlashDeviceInfo {
    std::string name;
    std::uint32_t base = 0;
    std::uint32_t size = 0;
    std::uint32_t pageSize = 0; // bytes one ProgramPage call takes at most
    std::uint8_t emptyValue = 0xFF;
    std::uint32_t programTimeoutMs = 0;
    std::uint32_t eraseTimeoutMs = 0;
    struct Sectors {
        std::uint32_t size = 0;   // bytes per sector ...
        std::uint32_t offset = 0; // ... from this offset from `base` on
    };
    std::vector<Sectors> sectors;

    /// The sector holding `address` (start, size); size 0 outside the device.
    struct Sector {
        std::uint32_t address = 0;
        std::uint32_t size = 0;
    };
    Sector sectorAt(std::uint32_t address) const;
};

struct FlashAlgorithm {
    std::string name;
    std::vector<std::uint8_t> blob; // PrgCode + PrgData (zeroed where NOBITS), from 0
    std::uint32_t staticBase = 0;   // offset of PrgData (r9 at every call)
    struct Entries {                // offsets into the blob, Thumb bit cleared
        std::uint32_t init = 0, uninit = 0, eraseSector = 0, programPage = 0;
        std::uint32_t crc32 = 0; // the station's verification (beyond the CMSIS set)
    } entries;
    FlashDeviceInfo device;
};

/// Reads an algorithm from the bytes of its ELF file (`file` names it in errors).
ImageResult<FlashAlgorithm> loadFlashAlgorithm(std::span<const std::uint8_t> elf,
                                               const std::string& file);
/// One of the algorithms built into the station ("stm32wl").
ImageResult<FlashAlgorithm> builtInFlashAlgorithm(std::string_view name);

} // namespace kps::jigs
