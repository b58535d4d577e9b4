#pragma once
// The true random number generator (RM0461, chapter True random number generator;
// stm32wle5xx.h RNG_TypeDef): CR (RNGEN), SR (DRDY), DR, HTCR. In the model its
// numbers come from a seeded generator, so a test replays them for a seed; DRDY is set
// while RNGEN is. Clock and seed error detection are not modelled.
#include "peripheral.hpp"

#include <random>

namespace kps::mcuemu {

class RngPeripheral final : public Peripheral {
public:
    explicit RngPeripheral(std::uint64_t seed)
        : random_(std::mt19937::result_type(seed ^ (seed >> 32))) {}
    std::uint32_t read(std::uint32_t offset) override;
    void write(std::uint32_t offset, std::uint32_t value) override;
    void reset() override;

private:
    std::mt19937 random_;
    std::uint32_t cr_ = 0;
    std::uint32_t htcr_ = 0;
};

} // namespace kps::mcuemu
