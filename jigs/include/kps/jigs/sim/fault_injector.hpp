#pragma once
// Seeded fault injection for the simulated probe and endpoints: every kind has its
// own rate, and one random stream decides, so a seed replays the same faults.
#include <array>
#include <cstdint>
#include <mutex>
#include <random>

namespace kps::jigs::sim {

enum class FaultKind : std::uint8_t {
    UsbDrop,      // per USB packet: the probe re-enumerates, the answer is lost
    UsbTimeout,   // per USB packet: the answer never comes
    SwdWait,      // per DAP_Transfer(Block): one access keeps answering WAIT
    SwdFault,     // per DAP_Transfer(Block): one access answers FAULT (sticky error)
    FlashProgram, // per flash operation: the controller reports a program error
    FlashVerify,  // per flash operation: one word is programmed wrong, silently
    NoTarget,     // per endpoint: the socket is empty
    LockedTarget, // per endpoint: the endpoint was provisioned and locked before
    BkptTimeout,  // per resume of an emulated core: it never reaches its breakpoint
    WrongIdcode,  // per emulated endpoint: another part (a foreign DBGMCU device ID)
};
constexpr std::size_t kFaultKinds = 10;

const char* faultKindName(FaultKind kind);

struct FaultRates {
    std::array<double, kFaultKinds> rate{}; // by FaultKind
    FaultRates& set(FaultKind kind, double value) {
        rate[std::size_t(kind)] = value;
        return *this;
    }
    double of(FaultKind kind) const { return rate[std::size_t(kind)]; }
    bool any() const {
        for (double value : rate)
            if (value > 0)
                return true;
        return false;
    }
};

class FaultInjector {
public:
    FaultInjector(FaultRates rates, std::uint64_t seed)
        : rates_(rates)
        , random_(seed) {}

    /// True when a fault of this kind happens now.
    bool roll(FaultKind kind) {
        const double rate = rates_.of(kind);
        if (rate <= 0)
            return false;
        std::lock_guard lock(mutex_);
        const bool hit = std::uniform_real_distribution<double>(0.0, 1.0)(random_) < rate;
        if (hit)
            ++injected_[std::size_t(kind)];
        return hit;
    }
    /// A uniform choice in [0, count).
    std::size_t pick(std::size_t count) {
        std::lock_guard lock(mutex_);
        return count ? std::size_t(random_() % count) : 0;
    }
    std::uint64_t injected(FaultKind kind) const { return injected_[std::size_t(kind)]; }
    const FaultRates& rates() const { return rates_; }

private:
    FaultRates rates_;
    std::mutex mutex_;
    std::mt19937_64 random_;
    std::array<std::uint64_t, kFaultKinds> injected_{};
};

} // namespace kps::jigs::sim
