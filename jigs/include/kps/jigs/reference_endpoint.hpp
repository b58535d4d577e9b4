#pragma once
// A model of the reference endpoint's MCU as the station sees it over SWD: flash
// with a key-store page, a factory unique ID, and a debug lock.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace kps::jigs {

struct ReferenceMemoryMap {
    static constexpr std::uint32_t flashBase = 0x08000000;
    static constexpr std::uint32_t flashSize = 64 * 1024;
    static constexpr std::uint32_t pageSize = 2048;
    static constexpr std::uint32_t keyStoreAddress = 0x0800F800; // last page
    static constexpr std::uint32_t uniqueIdAddress = 0x1FFF7590; // 12 bytes
    static constexpr std::uint32_t dpidr = 0x2BA01477;           // ARM SW-DP v1
};

class ReferenceEndpoint {
public:
    explicit ReferenceEndpoint(std::array<std::uint8_t, 12> uniqueId);

    const std::array<std::uint8_t, 12>& uniqueId() const { return uniqueId_; }
    bool locked() const { return locked_; }
    void lock() { locked_ = true; }

    void erasePage(std::uint32_t address);
    /// Programs bytes into erased flash (NOR semantics: bits only go 1 -> 0).
    void program(std::uint32_t address, std::span<const std::uint8_t> bytes);
    void read(std::uint32_t address, std::span<std::uint8_t> out) const;
    std::span<const std::uint8_t> keyStorePage() const;

private:
    std::array<std::uint8_t, 12> uniqueId_;
    std::vector<std::uint8_t> flash_;
    bool locked_ = false;
};

} // namespace kps::jigs
