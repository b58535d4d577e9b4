#include "kps/jigs/flash_algorithm.hpp"

#include "elf_file.hpp"

#include <elf.h>

namespace kps::jigs {

std::span<const std::uint8_t> embeddedAlgorithmElf(std::string_view name); // generated

namespace {

// The CMSIS FlashDevice layout (natural alignment, 32-bit ARM).
constexpr std::size_t kNameOffset = 2, kNameLength = 128;
constexpr std::size_t kBaseOffset = 132, kSizeOffset = 136, kPageOffset = 140;
constexpr std::size_t kEmptyOffset = 148, kProgramTimeoutOffset = 152, kEraseTimeoutOffset = 156;
constexpr std::size_t kSectorsOffset = 160;
constexpr std::uint32_t kSectorEnd = 0xFFFFFFFF;

std::uint32_t u32(std::span<const std::uint8_t> bytes, std::size_t at) {
    return std::uint32_t(bytes[at]) | std::uint32_t(bytes[at + 1]) << 8 |
           std::uint32_t(bytes[at + 2]) << 16 | std::uint32_t(bytes[at + 3]) << 24;
}

ImageResult<FlashDeviceInfo> readDevice(const ElfFile& elf) {
    const auto symbol = elf.symbol("FlashDevice");
    const ElfSection* section = elf.section("DevDscr");
    if (!symbol || !section || symbol->value < section->address ||
        symbol->value - section->address + kSectorsOffset + 8 > section->bytes.size())
        return imageError(elf.name(), "symbol FlashDevice",
                          "no device description in section DevDscr");
    const auto bytes = section->bytes.subspan(symbol->value - section->address);
    FlashDeviceInfo device;
    const auto name = bytes.subspan(kNameOffset, kNameLength);
    for (std::uint8_t c : name) {
        if (c == 0)
            break;
        device.name += char(c);
    }
    device.base = u32(bytes, kBaseOffset);
    device.size = u32(bytes, kSizeOffset);
    device.pageSize = u32(bytes, kPageOffset);
    device.emptyValue = bytes[kEmptyOffset];
    device.programTimeoutMs = u32(bytes, kProgramTimeoutOffset);
    device.eraseTimeoutMs = u32(bytes, kEraseTimeoutOffset);
    for (std::size_t at = kSectorsOffset; at + 8 <= bytes.size(); at += 8) {
        const std::uint32_t size = u32(bytes, at), offset = u32(bytes, at + 4);
        if (size == kSectorEnd && offset == kSectorEnd)
            break;
        if (size == 0 || (!device.sectors.empty() && offset <= device.sectors.back().offset))
            return imageError(elf.name(), "symbol FlashDevice",
                              "the sector list is not in ascending order");
        device.sectors.push_back({size, offset});
    }
    if (device.sectors.empty() || device.pageSize == 0 || device.size == 0)
        return imageError(elf.name(), "symbol FlashDevice", "no sectors, page size or size");
    return device;
}

ImageResult<std::uint32_t> entry(const ElfFile& elf, const char* name, std::size_t codeSize) {
    const auto symbol = elf.symbol(name);
    if (!symbol || symbol->type != STT_FUNC)
        return imageError(elf.name(), std::string("symbol ") + name, "the function is missing");
    const std::uint32_t offset = symbol->value & ~1u;
    if (!(symbol->value & 1u) || offset >= codeSize)
        return imageError(elf.name(), std::string("symbol ") + name,
                          "not a Thumb function inside PrgCode");
    return offset;
}

/// Position independence: nothing for a loader to relocate.
ImageResult<void> requireNoRelocations(const ElfFile& elf) {
    for (const ElfSection& section : elf.sections())
        if (section.type == SHT_REL || section.type == SHT_RELA ||
            (section.name.starts_with(".got") && section.size > 0))
            return imageError(elf.name(), "section " + section.name,
                              "the algorithm needs relocation: build it position-independent");
    return {};
}

constexpr std::uint64_t kLargestAlgorithmData = 64 * 1024;

ImageResult<void> readBlob(const ElfFile& elf, FlashAlgorithm& algorithm) {
    const ElfSection* code = elf.section("PrgCode");
    const ElfSection* data = elf.section("PrgData");
    if (!code || code->address != 0 || code->bytes.empty())
        return imageError(elf.name(), "section PrgCode", "missing or not linked at address 0");
    algorithm.blob.assign(code->bytes.begin(), code->bytes.end());
    algorithm.staticBase = std::uint32_t(algorithm.blob.size());
    if (data) {
        if (data->address < algorithm.blob.size() || data->address - code->size > 64)
            return imageError(elf.name(), "section PrgData", "does not follow PrgCode");
        if (data->size > kLargestAlgorithmData) // it goes into the target's RAM
            return imageError(elf.name(), "section PrgData",
                              std::to_string(data->size) + " bytes: more than an algorithm's " +
                                  std::to_string(kLargestAlgorithmData));
        algorithm.staticBase = data->address;
        algorithm.blob.resize(data->address + data->size, 0);
        if (!data->bytes.empty())
            std::copy(data->bytes.begin(), data->bytes.end(),
                      algorithm.blob.begin() + data->address);
    }
    return {};
}

} // namespace

FlashDeviceInfo::Sector FlashDeviceInfo::sectorAt(std::uint32_t address) const {
    if (address < base || address - base >= size || sectors.empty())
        return {};
    const std::uint32_t offset = address - base;
    if (offset < sectors.front().offset || sectors.front().size == 0)
        return {}; // before the first run of sectors the device describes
    std::size_t index = 0;
    while (index + 1 < sectors.size() && sectors[index + 1].offset <= offset)
        ++index;
    const Sectors& run = sectors[index];
    const std::uint32_t start = run.offset + (offset - run.offset) / run.size * run.size;
    return {base + start, run.size};
}

ImageResult<FlashAlgorithm> loadFlashAlgorithm(std::span<const std::uint8_t> bytes,
                                               const std::string& file) {
    KPS_TRY_LET(elf, ElfFile::open(bytes, file));
    KPS_TRY(requireNoRelocations(elf));
    FlashAlgorithm algorithm;
    algorithm.name = file;
    KPS_TRY(readBlob(elf, algorithm));
    const std::size_t codeSize = elf.section("PrgCode")->size;
    KPS_TRY_LET(init, entry(elf, "Init", codeSize));
    KPS_TRY_LET(uninit, entry(elf, "UnInit", codeSize));
    KPS_TRY_LET(erase, entry(elf, "EraseSector", codeSize));
    KPS_TRY_LET(program, entry(elf, "ProgramPage", codeSize));
    KPS_TRY_LET(crc, entry(elf, "Crc32", codeSize));
    algorithm.entries = {init, uninit, erase, program, crc};
    KPS_TRY_LET(device, readDevice(elf));
    algorithm.device = std::move(device);
    return algorithm;
}

ImageResult<FlashAlgorithm> builtInFlashAlgorithm(std::string_view name) {
    const auto elf = embeddedAlgorithmElf(name);
    if (elf.empty())
        return imageError(std::string(name), "", "no built-in flash algorithm of that name");
    return loadFlashAlgorithm(elf, std::string(name) + ".elf");
}

} // namespace kps::jigs
