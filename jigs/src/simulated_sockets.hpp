#pragma once
// Persistent sockets of the simulated line: the endpoint that sits in a slot's socket
// (unique ID, debug lock, the pages of its flash that are not empty: key store and
// firmware) is kept in `<directory>/slot-<N>.socket`, so it is still there when the
// station restarts after a crash, as a real endpoint would be. Each file is replaced
// atomically (write, rename) after every change.
#include "kps/jigs/sim/flash_pages.hpp"

#include <array>
#include <filesystem>
#include <optional>
#include <vector>

namespace kps::jigs {

struct SocketContent {
    std::array<std::uint8_t, 12> uniqueId{};
    bool locked = false;
    bool preLocked = false; // locked before it came to the line (not the station's work)
    sim::FlashPages pages;
    std::vector<std::uint8_t> keyStorePage; // files of the previous format: this page alone
};

class SimulatedSockets {
public:
    explicit SimulatedSockets(std::filesystem::path directory); // empty: not persistent

    bool persistent() const { return !directory_.empty(); }
    std::optional<SocketContent> load(int slot) const;
    void save(int slot, const sim::SimulatedEndpoint& endpoint, bool preLocked) const;
    void clear(int slot) const;
    /// Unique IDs of the endpoints sitting in any socket now.
    std::vector<std::array<std::uint8_t, 12>> occupants() const;

private:
    std::filesystem::path fileOf(int slot) const;
    std::filesystem::path directory_;
};

/// Writes `bytes` to `path` through a temporary file and a rename, so a reader (or a
/// restart after a crash) sees the old or the new content, never a mix. No fsync: the
/// simulation models a crashed process, not a power cut.
void writeFileAtomically(const std::filesystem::path& path, const std::uint8_t* bytes,
                         std::size_t size);

} // namespace kps::jigs
