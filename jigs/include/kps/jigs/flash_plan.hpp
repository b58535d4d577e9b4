#pragma once
// What programming an image costs on a target's flash, decided before a byte moves:
// the sectors that hold image bytes (erased, and nothing else), the chunks that
// ProgramPage writes (each at most one RAM buffer and inside one auto-increment
// window, so its data goes as DAP_TransferBlock runs after a single TAR write), and
// the CRC-32 the target must compute over every run of erased sectors afterwards
// (the image bytes, the rest of those sectors empty).
#include "kps/jigs/firmware_image.hpp"
#include "kps/jigs/flash_algorithm.hpp"

namespace kps::jigs {

struct FlashChunk {
    std::uint32_t address = 0;
    std::vector<std::uint8_t> bytes;         // trailing empty bytes left out, a multiple of 8
    std::vector<std::uint32_t> eraseSectors; // sectors starting in this chunk: erased first
};

struct CrcCheck {
    std::uint32_t address = 0;
    std::uint32_t size = 0;
    std::uint32_t crc = 0; // what the flash must hold
};

struct FlashPlan {
    std::vector<FlashChunk> chunks;
    std::vector<CrcCheck> checks;
    std::size_t sectorCount() const;
};

/// `chunkSize`: a power of two, at most the algorithm's page size and the buffer size.
FlashPlan planFlash(const FirmwareImage& image, const FlashDeviceInfo& device,
                    std::uint32_t chunkSize);

/// CRC-32/ISO-HDLC (zlib's), continued from `crc` (0 to start).
std::uint32_t crc32(std::span<const std::uint8_t> bytes, std::uint32_t crc = 0);

} // namespace kps::jigs
