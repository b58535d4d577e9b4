#include "uart_peripheral.hpp"

namespace kps::mcuemu {
namespace {

constexpr std::uint32_t kCr1 = 0x00, kIsr = 0x1C, kIcr = 0x20, kRdr = 0x24, kTdr = 0x28;
constexpr std::uint32_t kEnable = 1u << 0, kReceiver = 1u << 2, kTransmitter = 1u << 3;
constexpr std::uint32_t kReceived = 1u << 5;                             // RXNE
constexpr std::uint32_t kComplete = 1u << 6;                             // TC
constexpr std::uint32_t kTransmitEmpty = 1u << 7;                        // TXE
constexpr std::uint32_t kTransmitAck = 1u << 21, kReceiveAck = 1u << 22; // TEACK, REACK

} // namespace

bool UartPeripheral::enabled(std::uint32_t direction) const {
    return (cr1_ & kEnable) && (cr1_ & direction);
}

std::uint32_t UartPeripheral::status() const {
    std::uint32_t value = kTransmitEmpty | kComplete; // a byte leaves at once
    if (enabled(kReceiver) && !received_.empty())
        value |= kReceived;
    if (enabled(kTransmitter))
        value |= kTransmitAck;
    if (enabled(kReceiver))
        value |= kReceiveAck;
    return value;
}

std::uint32_t UartPeripheral::read(std::uint32_t offset) {
    if (offset == kCr1)
        return cr1_;
    if (offset == kIsr)
        return status();
    if (offset == kRdr) {
        if (!enabled(kReceiver) || received_.empty())
            return 0;
        const std::uint8_t byte = received_.front();
        received_.pop_front();
        return byte;
    }
    if (offset == kTdr || offset == kIcr)
        return 0;
    const auto found = other_.find(offset);
    return found == other_.end() ? 0 : found->second;
}

void UartPeripheral::write(std::uint32_t offset, std::uint32_t value) {
    if (offset == kCr1)
        cr1_ = value;
    else if (offset == kTdr) {
        if (enabled(kTransmitter))
            transmitted_.push_back(std::uint8_t(value));
    } else if (offset != kIsr && offset != kIcr && offset != kRdr)
        other_[offset] = value;
}

void UartPeripheral::reset() {
    cr1_ = 0;
    other_.clear();
    received_.clear();
}

void UartPeripheral::feed(std::span<const std::uint8_t> bytes) {
    received_.insert(received_.end(), bytes.begin(), bytes.end());
}

std::vector<std::uint8_t> UartPeripheral::takeTransmitted() {
    std::vector<std::uint8_t> out;
    out.swap(transmitted_);
    return out;
}

} // namespace kps::mcuemu
