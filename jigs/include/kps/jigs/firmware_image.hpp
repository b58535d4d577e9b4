#pragma once
// The firmware image a profile names: an ELF file (its PT_LOAD segments, at their
// physical addresses, read with libelf) or an Intel HEX file (record types 00-05,
// every checksum checked). The SHA-256 of the file's bytes is what a profile pins.
// A file that cannot be used is one error naming the file, the place (line, program
// header, address) and the reason; nothing is programmed then.
#include "kps/jigs/image_error.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace kps::jigs {

struct TargetProfile;

enum class ImageFormat { Elf, IntelHex };

struct FirmwareSegment {
    std::uint32_t address = 0;
    std::vector<std::uint8_t> bytes;
    std::uint64_t end() const { return std::uint64_t(address) + bytes.size(); }
};

struct FirmwareImage {
    std::string file;
    ImageFormat format = ImageFormat::Elf;
    std::vector<FirmwareSegment> segments; // ascending, disjoint, adjacent ones merged
    std::array<std::uint8_t, 32> sha256{}; // of the file as read

    std::size_t byteCount() const;
    std::string sha256Hex() const;
};

/// ELF when the bytes start with the ELF magic, Intel HEX otherwise.
ImageResult<FirmwareImage> parseFirmwareImage(std::span<const std::uint8_t> bytes,
                                              const std::string& file);
ImageResult<FirmwareImage> parseIntelHex(std::span<const std::uint8_t> text,
                                         const std::string& file);
ImageResult<FirmwareImage> parseElfImage(std::span<const std::uint8_t> bytes,
                                         const std::string& file);
/// Every byte inside the target's flash and outside its key-store page.
ImageResult<void> checkPlacement(const FirmwareImage& image, const TargetProfile& target);
/// An application the core can boot from flash: its vector table at the flash base, the
/// initial stack pointer inside the target's RAM (word aligned) and the reset handler a
/// Thumb address inside the image. A blank or foreign image would be programmed, verified
/// and locked in, and the endpoint would never run it.
ImageResult<void> checkBootable(const FirmwareImage& image, const TargetProfile& target);

std::string sha256Hex(std::span<const std::uint8_t, 32> digest);

namespace detail {
struct Piece { // a run of bytes as the file gave it, with where it came from
    std::uint32_t address = 0;
    std::vector<std::uint8_t> bytes;
    std::string place;
};
/// Sorts, refuses overlaps (naming both places) and merges adjacent pieces.
ImageResult<std::vector<FirmwareSegment>> assemble(std::vector<Piece> pieces,
                                                   const std::string& file);
std::array<std::uint8_t, 32> sha256(std::span<const std::uint8_t> bytes);
} // namespace detail

} // namespace kps::jigs
