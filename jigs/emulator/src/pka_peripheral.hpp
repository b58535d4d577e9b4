#pragma once
// The public key accelerator (RM0461, chapter Public key accelerator; stm32wle5xx.h
// PKA_TypeDef): CR (EN, START, MODE), SR (BUSY, PROCENDF, RAMERRF, ADDRERRF), CLRFR and
// its RAM (894 words from offset 0x400), which the firmware and the debugger can fill
// and read. Its operations are not modelled yet: START ends at once (PROCENDF) with
// the RAM unchanged and counts the operation. ECDH (ECC scalar multiplication, MODE
// 0x20) and ECDSA sign/verify (0x24/0x26) are meant to go into operate(), with OpenSSL.
#include "peripheral.hpp"

#include <array>

namespace kps::mcuemu {

class PkaPeripheral final : public Peripheral {
public:
    ~PkaPeripheral() override;
    std::uint32_t read(std::uint32_t offset) override;
    void write(std::uint32_t offset, std::uint32_t value) override;
    void reset() override;

    std::uint64_t operationsNotModelled() const { return unmodelled_; }

private:
    void operate(std::uint32_t mode);

    std::uint32_t cr_ = 0, sr_ = 0;
    std::array<std::uint32_t, 894> ram_{};
    std::uint64_t unmodelled_ = 0;
};

} // namespace kps::mcuemu
