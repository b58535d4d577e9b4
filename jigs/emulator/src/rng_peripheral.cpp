#include "rng_peripheral.hpp"

namespace kps::mcuemu {
namespace {

constexpr std::uint32_t kCr = 0x00, kSr = 0x04, kDr = 0x08, kHtcr = 0x10;
constexpr std::uint32_t kEnable = 1u << 2;      // RNGEN
constexpr std::uint32_t kDataReady = 1u << 0;   // DRDY
constexpr std::uint32_t kConfigLock = 1u << 31; // CONFIGLOCK: the configuration stays

} // namespace

std::uint32_t RngPeripheral::read(std::uint32_t offset) {
    switch (offset) {
    case kCr:
        return cr_;
    case kSr:
        return (cr_ & kEnable) ? kDataReady : 0;
    case kDr:
        return (cr_ & kEnable) ? std::uint32_t(random_()) : 0;
    case kHtcr:
        return htcr_;
    default:
        return 0;
    }
}

void RngPeripheral::write(std::uint32_t offset, std::uint32_t value) {
    if (offset == kCr)
        cr_ = (cr_ & kConfigLock) ? (cr_ & ~kEnable) | (value & kEnable) : value;
    else if (offset == kHtcr)
        htcr_ = value;
}

void RngPeripheral::reset() {
    cr_ = htcr_ = 0; // the stream goes on: a reset does not repeat numbers
}

} // namespace kps::mcuemu
