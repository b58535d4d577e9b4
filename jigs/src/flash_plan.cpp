#include "kps/jigs/flash_plan.hpp"

#include <algorithm>
#include <array>

namespace kps::jigs {

namespace {

using Sector = FlashDeviceInfo::Sector;

/// Every sector holding at least one image byte, ascending.
std::vector<Sector> sectorsOf(const FirmwareImage& image, const FlashDeviceInfo& device) {
    std::vector<Sector> sectors;
    for (const FirmwareSegment& segment : image.segments) {
        for (std::uint64_t at = segment.address; at < segment.end();) {
            const Sector sector = device.sectorAt(std::uint32_t(at));
            if (sector.size == 0)
                break; // outside the device: checkPlacement refuses such images before
            if (sectors.empty() || sectors.back().address != sector.address)
                sectors.push_back(sector);
            at = std::uint64_t(sector.address) + sector.size;
        }
    }
    return sectors;
}

/// A run of adjacent sectors as the flash must hold it: empty, then the image bytes.
struct Run {
    std::uint32_t address = 0;
    std::vector<std::uint8_t> bytes;
    std::vector<std::uint32_t> sectors;
};

std::vector<Run> runsOf(const std::vector<Sector>& sectors, const FirmwareImage& image,
                        std::uint8_t empty) {
    std::vector<Run> runs;
    for (const Sector& sector : sectors) {
        if (runs.empty() || runs.back().address + runs.back().bytes.size() != sector.address)
            runs.push_back({sector.address, {}, {}});
        runs.back().bytes.resize(runs.back().bytes.size() + sector.size, empty);
        runs.back().sectors.push_back(sector.address);
    }
    for (Run& run : runs)
        for (const FirmwareSegment& segment : image.segments) {
            const std::uint64_t from = std::max<std::uint64_t>(segment.address, run.address);
            const std::uint64_t to =
                std::min<std::uint64_t>(segment.end(), run.address + run.bytes.size());
            for (std::uint64_t at = from; at < to; ++at)
                run.bytes[at - run.address] = segment.bytes[at - segment.address];
        }
    return runs;
}

FlashChunk chunkOf(const Run& run, std::uint32_t from, std::uint32_t to, std::uint8_t empty) {
    FlashChunk chunk{from, {}, {}};
    auto first = run.bytes.begin() + (from - run.address);
    auto last = run.bytes.begin() + (to - run.address);
    while (last != first && *(last - 1) == empty)
        --last;
    const std::size_t used = std::size_t(last - first);
    chunk.bytes.assign(first, first + std::ptrdiff_t((used + 7) / 8 * 8));
    for (std::uint32_t sector : run.sectors)
        if (sector >= from && sector < to)
            chunk.eraseSectors.push_back(sector);
    return chunk;
}

} // namespace

std::size_t FlashPlan::sectorCount() const {
    std::size_t count = 0;
    for (const FlashChunk& chunk : chunks)
        count += chunk.eraseSectors.size();
    return count;
}

FlashPlan planFlash(const FirmwareImage& image, const FlashDeviceInfo& device,
                    std::uint32_t chunkSize) {
    FlashPlan plan;
    for (const Run& run : runsOf(sectorsOf(image, device), image, device.emptyValue)) {
        const std::uint32_t end = run.address + std::uint32_t(run.bytes.size());
        for (std::uint32_t from = run.address; from < end;) {
            const std::uint32_t to = std::min(end, (from / chunkSize + 1) * chunkSize);
            plan.chunks.push_back(chunkOf(run, from, to, device.emptyValue));
            from = to;
        }
        plan.checks.push_back({run.address, std::uint32_t(run.bytes.size()), crc32(run.bytes)});
    }
    return plan;
}

std::uint32_t crc32(std::span<const std::uint8_t> bytes, std::uint32_t crc) {
    static const std::array<std::uint32_t, 256> table = [] {
        std::array<std::uint32_t, 256> entries{};
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t value = i;
            for (int bit = 0; bit < 8; ++bit)
                value = (value >> 1) ^ ((value & 1u) ? 0xEDB88320u : 0u);
            entries[i] = value;
        }
        return entries;
    }();
    crc = ~crc;
    for (std::uint8_t byte : bytes)
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFFu];
    return ~crc;
}

} // namespace kps::jigs
