#include "kps/jigs/reference_endpoint.hpp"

#include <algorithm>
#include <stdexcept>

namespace kps::jigs {

using Map = ReferenceMemoryMap;

ReferenceEndpoint::ReferenceEndpoint(std::array<std::uint8_t, 12> uniqueId)
    : uniqueId_(uniqueId)
    , flash_(Map::flashSize, 0xFF) {}

void ReferenceEndpoint::erasePage(std::uint32_t address) {
    const std::uint32_t offset = (address - Map::flashBase) / Map::pageSize * Map::pageSize;
    std::fill_n(flash_.begin() + offset, Map::pageSize, 0xFF);
}

void ReferenceEndpoint::program(std::uint32_t address, std::span<const std::uint8_t> bytes) {
    if (address < Map::flashBase || address + bytes.size() > Map::flashBase + Map::flashSize)
        throw std::out_of_range("program outside flash");
    auto* at = flash_.data() + (address - Map::flashBase);
    for (std::size_t i = 0; i < bytes.size(); ++i)
        at[i] &= bytes[i];
}

void ReferenceEndpoint::read(std::uint32_t address, std::span<std::uint8_t> out) const {
    if (address >= Map::uniqueIdAddress && address + out.size() <= Map::uniqueIdAddress + 12) {
        std::copy_n(uniqueId_.begin() + (address - Map::uniqueIdAddress), out.size(), out.begin());
        return;
    }
    if (address < Map::flashBase || address + out.size() > Map::flashBase + Map::flashSize)
        throw std::out_of_range("read outside flash");
    std::copy_n(flash_.begin() + (address - Map::flashBase), out.size(), out.begin());
}

std::span<const std::uint8_t> ReferenceEndpoint::keyStorePage() const {
    return std::span(flash_).subspan(Map::keyStoreAddress - Map::flashBase, Map::pageSize);
}

} // namespace kps::jigs
