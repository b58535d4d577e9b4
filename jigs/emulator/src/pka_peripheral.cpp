#include "pka_peripheral.hpp"

#include <string.h> // explicit_bzero

namespace kps::mcuemu {
namespace {

constexpr std::uint32_t kCr = 0x00, kSr = 0x04, kClrfr = 0x08, kRam = 0x400;
constexpr std::uint32_t kEnable = 1u << 0, kStart = 1u << 1;
constexpr unsigned kModeShift = 8;
constexpr std::uint32_t kModeMask = 0x3F;
constexpr std::uint32_t kFlags = (1u << 17) | (1u << 19) | (1u << 20); // PROCENDF RAMERRF ADDRERRF
constexpr std::uint32_t kProcessEnded = 1u << 17;

} // namespace

PkaPeripheral::~PkaPeripheral() {
    explicit_bzero(ram_.data(), sizeof ram_);
}

std::uint32_t PkaPeripheral::read(std::uint32_t offset) {
    if (offset == kCr)
        return cr_;
    if (offset == kSr)
        return sr_;
    if (offset >= kRam && offset < kRam + 4 * ram_.size())
        return ram_[(offset - kRam) / 4];
    return 0;
}

void PkaPeripheral::write(std::uint32_t offset, std::uint32_t value) {
    if (offset == kCr) {
        cr_ = value & ~kStart;
        if ((value & kEnable) && (value & kStart))
            operate((value >> kModeShift) & kModeMask);
    } else if (offset == kClrfr) {
        sr_ &= ~(value & kFlags);
    } else if (offset >= kRam && offset < kRam + 4 * ram_.size()) {
        ram_[(offset - kRam) / 4] = value;
    }
}

void PkaPeripheral::operate(std::uint32_t) {
    // The place for the operations (ECC scalar multiplication for ECDH, ECDSA sign and
    // verify): read the operands from ram_ at the offsets RM0461 gives per mode, compute
    // with OpenSSL, write the result back. Until then the operation ends at once.
    ++unmodelled_;
    sr_ |= kProcessEnded;
}

void PkaPeripheral::reset() {
    cr_ = sr_ = 0;
    explicit_bzero(ram_.data(), sizeof ram_);
}

} // namespace kps::mcuemu
