#pragma once
// A USART/LPUART as the firmware drives it (RM0461, chapter Low-power universal
// asynchronous receiver transmitter; stm32wle5xx.h USART_TypeDef): CR1 (UE, RE, TE),
// ISR (RXNE, TC, TXE, TEACK, REACK), ICR, RDR, TDR; the other registers read back.
// What the firmware transmits is kept for the test to read; what the test feeds is
// received byte by byte. No baud-rate timing: a byte leaves at once.
#include "peripheral.hpp"

#include <deque>
#include <span>
#include <vector>

namespace kps::mcuemu {

class UartPeripheral final : public Peripheral {
public:
    std::uint32_t read(std::uint32_t offset) override;
    void write(std::uint32_t offset, std::uint32_t value) override;
    void reset() override;

    /// Bytes for the receiver, in order.
    void feed(std::span<const std::uint8_t> bytes);
    /// Everything transmitted since the last take.
    std::vector<std::uint8_t> takeTransmitted();
    std::size_t transmittedCount() const { return transmitted_.size(); }

private:
    bool enabled(std::uint32_t direction) const;
    std::uint32_t status() const;

    std::uint32_t cr1_ = 0;
    std::unordered_map<std::uint32_t, std::uint32_t> other_;
    std::deque<std::uint8_t> received_;
    std::vector<std::uint8_t> transmitted_;
};

} // namespace kps::mcuemu
