#pragma once
// A memory-mapped peripheral as the bus reaches it: 32-bit registers by offset from
// its base. Narrower accesses reach it as word accesses (the bus shifts the lanes).
#include <cstdint>
#include <unordered_map>

namespace kps::mcuemu {

class Peripheral {
public:
    virtual ~Peripheral() = default;
    virtual std::uint32_t read(std::uint32_t offset) = 0;
    virtual void write(std::uint32_t offset, std::uint32_t value) = 0;
    /// Back to the reset values (a system reset).
    virtual void reset() = 0;
};

/// The peripherals the model does not implement (RCC, PWR, GPIO, timers...): their
/// registers read back what was written, zero after reset.
class RegisterFile final : public Peripheral {
public:
    std::uint32_t read(std::uint32_t offset) override {
        const auto found = registers_.find(offset);
        return found == registers_.end() ? 0 : found->second;
    }
    void write(std::uint32_t offset, std::uint32_t value) override { registers_[offset] = value; }
    void reset() override { registers_.clear(); }

private:
    std::unordered_map<std::uint32_t, std::uint32_t> registers_;
};

} // namespace kps::mcuemu
