#pragma once
// An ELF file in memory, read with libelf (never parsed by hand): its header, its
// sections by name and its symbols. 32-bit little-endian ARM only (the targets the
// station programs). Owns a copy of the bytes and the libelf handle (elf_end).
#include "kps/jigs/image_error.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

struct Elf;

namespace kps::jigs {

struct ElfSection {
    std::string name;
    std::uint32_t type = 0;  // SHT_PROGBITS, SHT_NOBITS, ...
    std::uint64_t flags = 0; // SHF_ALLOC, ...
    std::uint32_t address = 0;
    std::uint32_t size = 0;
    std::span<const std::uint8_t> bytes; // empty for SHT_NOBITS
};

struct ElfSymbol {
    std::string name;
    std::uint32_t value = 0;
    std::uint32_t size = 0;
    unsigned type = 0; // STT_FUNC, STT_OBJECT, ...
    std::size_t section = 0;
};

struct ElfSegment {                    // a PT_LOAD program header with file bytes
    std::uint32_t physicalAddress = 0; // where it is stored (flash)
    std::span<const std::uint8_t> bytes;
};

class ElfFile {
public:
    static ImageResult<ElfFile> open(std::span<const std::uint8_t> bytes, std::string name);
    ElfFile(ElfFile&&) noexcept;
    ElfFile& operator=(ElfFile&&) noexcept;
    ~ElfFile();

    const std::string& name() const { return name_; }
    const std::vector<ElfSection>& sections() const { return sections_; }
    const ElfSection* section(std::string_view name) const;
    std::optional<ElfSymbol> symbol(std::string_view name) const;
    /// The PT_LOAD segments with bytes in the file, in program header order.
    ImageResult<std::vector<ElfSegment>> loadSegments() const;

private:
    ElfFile() = default;
    ImageResult<void> readSections();
    ImageError error(std::string place, std::string reason) const;

    std::string name_;
    std::unique_ptr<std::vector<std::uint8_t>> bytes_; // stable address for libelf
    struct Closer {
        void operator()(Elf* elf) const;
    };
    std::unique_ptr<Elf, Closer> elf_;
    std::vector<ElfSection> sections_;
    std::vector<ElfSymbol> symbols_;
};

} // namespace kps::jigs
