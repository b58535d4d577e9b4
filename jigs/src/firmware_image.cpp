#include "kps/jigs/firmware_image.hpp"

#include "elf_file.hpp"
#include "kps/jigs/target_profile.hpp"

#include <algorithm>
#include <cstdio>
#include <openssl/evp.h>

namespace kps::jigs {

namespace {
std::string hex32(std::uint32_t value) {
    char text[11];
    std::snprintf(text, sizeof text, "0x%08X", value);
    return text;
}
} // namespace

std::size_t FirmwareImage::byteCount() const {
    std::size_t total = 0;
    for (const FirmwareSegment& segment : segments)
        total += segment.bytes.size();
    return total;
}

std::string sha256Hex(std::span<const std::uint8_t, 32> digest) {
    std::string text;
    for (std::uint8_t byte : digest) {
        char pair[3];
        std::snprintf(pair, sizeof pair, "%02x", byte);
        text += pair;
    }
    return text;
}

std::string FirmwareImage::sha256Hex() const {
    return jigs::sha256Hex(sha256);
}

namespace detail {

std::array<std::uint8_t, 32> sha256(std::span<const std::uint8_t> bytes) {
    std::array<std::uint8_t, 32> digest{};
    unsigned length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1)
        digest.fill(0);
    return digest;
}

ImageResult<std::vector<FirmwareSegment>> assemble(std::vector<Piece> pieces,
                                                   const std::string& file) {
    if (pieces.empty())
        return imageError(file, "", "the image holds no bytes to program");
    std::stable_sort(pieces.begin(), pieces.end(),
                     [](const Piece& a, const Piece& b) { return a.address < b.address; });
    std::vector<FirmwareSegment> segments;
    std::string lastPlace;
    for (Piece& piece : pieces) {
        if (std::uint64_t(piece.address) + piece.bytes.size() > 0x100000000ull)
            return imageError(file, piece.place, "the bytes run past the 4 GiB address space");
        if (!segments.empty() && piece.address < segments.back().end())
            return imageError(file, piece.place,
                              "address " + hex32(piece.address) + " is given twice (also at " +
                                  lastPlace + ")");
        if (!segments.empty() && std::uint64_t(piece.address) == segments.back().end())
            segments.back().bytes.insert(segments.back().bytes.end(), piece.bytes.begin(),
                                         piece.bytes.end());
        else
            segments.push_back({piece.address, std::move(piece.bytes)});
        lastPlace = piece.place;
    }
    return segments;
}

} // namespace detail

ImageResult<FirmwareImage> parseElfImage(std::span<const std::uint8_t> bytes,
                                         const std::string& file) {
    KPS_TRY_LET(elf, ElfFile::open(bytes, file));
    KPS_TRY_LET(loadable, elf.loadSegments());
    std::vector<detail::Piece> pieces;
    for (std::size_t i = 0; i < loadable.size(); ++i)
        pieces.push_back({loadable[i].physicalAddress,
                          {loadable[i].bytes.begin(), loadable[i].bytes.end()},
                          "loadable segment " + std::to_string(i + 1)});
    if (pieces.empty())
        return imageError(file, "program headers", "no loadable segment holds bytes");
    KPS_TRY_LET(segments, detail::assemble(std::move(pieces), file));
    return FirmwareImage{file, ImageFormat::Elf, std::move(segments), detail::sha256(bytes)};
}

ImageResult<FirmwareImage> parseFirmwareImage(std::span<const std::uint8_t> bytes,
                                              const std::string& file) {
    static constexpr std::uint8_t kElfMagic[] = {0x7F, 'E', 'L', 'F'};
    if (bytes.size() >= 4 && std::equal(bytes.begin(), bytes.begin() + 4, kElfMagic))
        return parseElfImage(bytes, file);
    return parseIntelHex(bytes, file);
}

ImageResult<void> checkPlacement(const FirmwareImage& image, const TargetProfile& target) {
    const std::uint64_t flashEnd = std::uint64_t(target.flashBase) + target.flashSize;
    const std::uint32_t storeEnd = target.keyStoreAddress + target.keyStoreSize;
    for (const FirmwareSegment& segment : image.segments) {
        const std::string place = "address " + hex32(segment.address);
        if (segment.address < target.flashBase || segment.end() > flashEnd)
            return imageError(image.file, place,
                              "outside the flash of " + target.name + " (" +
                                  hex32(target.flashBase) + " to " +
                                  hex32(std::uint32_t(flashEnd - 1)) + ")");
        if (segment.address < storeEnd && segment.end() > target.keyStoreAddress)
            return imageError(image.file, place,
                              "overlaps the key-store page " + hex32(target.keyStoreAddress) +
                                  ", which the station writes itself");
    }
    return {};
}

namespace {

/// The little-endian word the image places at `address`, if it places all four bytes.
std::optional<std::uint32_t> wordAt(const FirmwareImage& image, std::uint32_t address) {
    for (const FirmwareSegment& segment : image.segments)
        if (address >= segment.address && std::uint64_t(address) + 4 <= segment.end()) {
            const std::uint8_t* at = segment.bytes.data() + (address - segment.address);
            return std::uint32_t(at[0]) | std::uint32_t(at[1]) << 8 | std::uint32_t(at[2]) << 16 |
                   std::uint32_t(at[3]) << 24;
        }
    return std::nullopt;
}

bool placesByte(const FirmwareImage& image, std::uint32_t address) {
    for (const FirmwareSegment& segment : image.segments)
        if (address >= segment.address && address < segment.end())
            return true;
    return false;
}

} // namespace

ImageResult<void> checkBootable(const FirmwareImage& image, const TargetProfile& target) {
    const std::string place = "address " + hex32(target.flashBase);
    const auto stack = wordAt(image, target.flashBase);
    const auto reset = wordAt(image, target.flashBase + 4);
    if (!stack || !reset)
        return imageError(image.file, place,
                          "no vector table at the flash base: the core boots from there");
    const std::uint64_t ramEnd = std::uint64_t(target.ramBase) + target.ramSize;
    if (*stack <= target.ramBase || *stack > ramEnd || *stack % 4 != 0)
        return imageError(image.file, place,
                          "initial stack pointer " + hex32(*stack) + " is not inside the RAM (" +
                              hex32(target.ramBase) + " to " + hex32(std::uint32_t(ramEnd)) +
                              ", word aligned)");
    if ((*reset & 1) == 0 || !placesByte(image, *reset & ~1u))
        return imageError(image.file, "address " + hex32(target.flashBase + 4),
                          "reset handler " + hex32(*reset) +
                              " is not a Thumb address inside the image");
    return {};
}

} // namespace kps::jigs
