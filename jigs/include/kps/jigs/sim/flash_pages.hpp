#pragma once
// A simulated endpoint's flash as the line keeps it (persistent sockets, the archive):
// only its pages that are not empty, each with its address. Bytes of key-store pages
// are secrets: wipe() them when done.
#include "kps/jigs/sim/simulated_endpoint.hpp"

#include <optional>
#include <vector>

namespace kps::jigs::sim {

struct FlashPage {
    std::uint32_t address = 0;
    std::vector<std::uint8_t> bytes;
};
using FlashPages = std::vector<FlashPage>;

/// Every page of the endpoint's flash that holds a byte other than 0xFF.
FlashPages nonEmptyPages(const SimulatedEndpoint& endpoint);
/// The page at `address` (empty when the pages do not hold it).
std::span<const std::uint8_t> pageAt(const FlashPages& pages, std::uint32_t address);

/// Appends the pages: per page its address and length (u32, little-endian), its bytes.
void appendPages(std::vector<std::uint8_t>& out, const FlashPages& pages);
/// Reads what appendPages wrote; nothing when it is malformed.
std::optional<FlashPages> readPages(std::span<const std::uint8_t> bytes);
void wipe(FlashPages& pages) noexcept;

} // namespace kps::jigs::sim
