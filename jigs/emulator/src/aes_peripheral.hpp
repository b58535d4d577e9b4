#pragma once
// The AES hardware accelerator (RM0461, chapter AES hardware accelerator; registers
// as stm32wle5xx.h AES_TypeDef): CR (EN, DATATYPE, MODE, CHMOD, CCFC, ERRC, KEYSIZE),
// SR (CCF, RDERR, WRERR, BUSY), DINR/DOUTR (four 32-bit words per block, the most
// significant first), KEYR0-7 and IVR0-3 (KEYR3 / IVR3 hold the first key / IV bytes,
// big-endian; DATATYPE does not apply to them). Chaining modes ECB and CBC, encryption
// (MODE 0) and decryption (MODE 2; the key preparation of MODE 1 is not required).
// The cipher is OpenSSL's; a block completes at once (CCF, never BUSY).
#include "peripheral.hpp"

#include <array>
#include <cstdint>

namespace kps::mcuemu {

class AesPeripheral final : public Peripheral {
public:
    ~AesPeripheral() override; // wipes key, IV and data
    std::uint32_t read(std::uint32_t offset) override;
    void write(std::uint32_t offset, std::uint32_t value) override;
    void reset() override;

    std::uint64_t blocksProcessed() const { return blocks_; }

private:
    void writeControl(std::uint32_t value);
    void writeData(std::uint32_t word);
    std::uint32_t readData();
    void processBlock();
    std::uint32_t swapped(std::uint32_t word) const; // DATATYPE
    void wipeState();

    std::uint32_t cr_ = 0;
    std::uint32_t sr_ = 0;
    std::array<std::uint32_t, 8> key_{}; // KEYR0..KEYR7
    std::array<std::uint32_t, 4> iv_{};  // IVR0..IVR3
    std::array<std::uint32_t, 4> in_{};  // the block being written, first word first
    std::array<std::uint32_t, 4> out_{};
    unsigned inCount_ = 0, outCount_ = 4;
    std::uint64_t blocks_ = 0;
};

} // namespace kps::mcuemu
