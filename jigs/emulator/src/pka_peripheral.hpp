#pragma once
// The public key accelerator (RM0461, chapter 22 Public key accelerator; stm32wle5xx.h
// PKA_TypeDef and its "PKA RAM" offsets): CR (EN, START, MODE), SR (BUSY, PROCENDF,
// RAMERRF, ADDRERRF), CLRFR and its RAM (894 words from offset 0x400). Operands lie
// in the RAM least significant 32-bit word first, each followed by a zero word
// (RM0461 22.4.1); lengths are in bits.
//
// Modelled operations, computed with OpenSSL (pka_ecc.hpp), with the inputs and
// outputs at the offsets of the reference manual's tables:
//   0x20 / 0x22 ECC Fp scalar multiplication k x P (0x22 takes the Montgomery
//               parameter as given and does not check it); no error output, as on
//               silicon: a point not on the curve is multiplied on the curve through it,
//               a result at infinity (or inputs that make no curve) leaves zeros
//   0x28        point on elliptic curve Fp check: 0 at 0x400 when on the curve, else 1
//   0x26        ECDSA verification: 0 at 0x5B0 for a valid signature, else 1
// START without EN is ignored; an operation ends at once (PROCENDF; BUSY is never
// seen, so RAMERRF cannot arise); the other modes end at once with the RAM unchanged
// and are counted as not modelled. An access to an address of the window that is
// neither a register nor the RAM sets ADDRERRF (reads give 0, writes are dropped).
#include "peripheral.hpp"

#include <array>
#include <vector>

namespace kps::mcuemu {

class PkaPeripheral final : public Peripheral {
public:
    ~PkaPeripheral() override;
    std::uint32_t read(std::uint32_t offset) override;
    void write(std::uint32_t offset, std::uint32_t value) override;
    void reset() override;

    std::uint64_t operationsModelled() const { return modelled_; }
    std::uint64_t operationsNotModelled() const { return unmodelled_; }

private:
    void operate(std::uint32_t mode);
    void scalarMultiplication();
    void pointCheck();
    void ecdsaVerification();
    std::vector<std::uint8_t> operand(std::uint32_t offset, std::uint32_t bits) const;
    void store(std::uint32_t offset, const std::vector<std::uint8_t>& bigEndian);
    std::uint32_t& word(std::uint32_t offset) { return ram_[(offset - 0x400) / 4]; }

    std::uint32_t cr_ = 0, sr_ = 0;
    std::array<std::uint32_t, 894> ram_{};
    std::uint64_t modelled_ = 0, unmodelled_ = 0;
};

} // namespace kps::mcuemu
