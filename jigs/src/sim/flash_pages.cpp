#include "kps/jigs/sim/flash_pages.hpp"

#include "kps/jigs/wipe.hpp"

#include <algorithm>

namespace kps::jigs::sim {

namespace {
void putU32(std::vector<std::uint8_t>& out, std::uint32_t value) {
    for (int shift = 0; shift < 32; shift += 8)
        out.push_back(std::uint8_t(value >> shift));
}
std::uint32_t u32(std::span<const std::uint8_t> bytes, std::size_t at) {
    return std::uint32_t(bytes[at]) | std::uint32_t(bytes[at + 1]) << 8 |
           std::uint32_t(bytes[at + 2]) << 16 | std::uint32_t(bytes[at + 3]) << 24;
}
} // namespace

FlashPages nonEmptyPages(const SimulatedEndpoint& endpoint) {
    const TargetProfile& profile = endpoint.profile();
    const auto flash = endpoint.flash();
    FlashPages pages;
    for (std::size_t at = 0; at + profile.pageSize <= flash.size(); at += profile.pageSize) {
        const auto page = flash.subspan(at, profile.pageSize);
        if (std::any_of(page.begin(), page.end(), [](std::uint8_t b) { return b != 0xFF; }))
            pages.push_back({profile.flashBase + std::uint32_t(at), {page.begin(), page.end()}});
    }
    return pages;
}

std::span<const std::uint8_t> pageAt(const FlashPages& pages, std::uint32_t address) {
    for (const FlashPage& page : pages)
        if (page.address == address)
            return page.bytes;
    return {};
}

void appendPages(std::vector<std::uint8_t>& out, const FlashPages& pages) {
    for (const FlashPage& page : pages) {
        putU32(out, page.address);
        putU32(out, std::uint32_t(page.bytes.size()));
        out.insert(out.end(), page.bytes.begin(), page.bytes.end());
    }
}

std::optional<FlashPages> readPages(std::span<const std::uint8_t> bytes) {
    FlashPages pages;
    for (std::size_t at = 0; at < bytes.size();) {
        if (bytes.size() - at < 8)
            return std::nullopt;
        const std::uint32_t address = u32(bytes, at), length = u32(bytes, at + 4);
        at += 8;
        if (length > bytes.size() - at) {
            wipe(pages);
            return std::nullopt;
        }
        pages.push_back(
            {address,
             {bytes.begin() + std::ptrdiff_t(at), bytes.begin() + std::ptrdiff_t(at + length)}});
        at += length;
    }
    return pages;
}

void wipe(FlashPages& pages) noexcept {
    for (FlashPage& page : pages)
        jigs::wipe(page.bytes);
    pages.clear();
}

} // namespace kps::jigs::sim
