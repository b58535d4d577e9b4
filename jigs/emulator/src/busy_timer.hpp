#pragma once
// The flash's busy time: every operation charges its datasheet time, scaled (0: the
// operation completes at once, as tests want; 1: the datasheet's time passes on the
// clock, as the bench wants). Nothing sleeps: BSY reads set until the clock passes
// the end of the last charged operation; operations queue behind each other.
#include <cstdint>
#include <functional>

namespace kps::mcuemu {

class BusyTimer {
public:
    BusyTimer(double scale, std::function<std::uint64_t()> clock)
        : scale_(scale)
        , clock_(std::move(clock)) {}

    /// Charges an operation of `nanoseconds` (datasheet time) from now, or from the
    /// end of the operation before it.
    void charge(std::uint64_t nanoseconds) {
        modelled_ += nanoseconds;
        const auto scaled = std::uint64_t(double(nanoseconds) * scale_);
        if (scaled == 0)
            return;
        charged_ += scaled;
        const std::uint64_t now = clock_();
        until_ = (until_ > now ? until_ : now) + scaled;
    }
    bool busy() const { return until_ != 0 && clock_() < until_; }
    /// Datasheet time of every operation so far, and the part of it charged as busy time.
    std::uint64_t modelledNanoseconds() const { return modelled_; }
    std::uint64_t chargedNanoseconds() const { return charged_; }
    void reset() { until_ = 0; }

private:
    double scale_;
    std::function<std::uint64_t()> clock_;
    std::uint64_t until_ = 0;
    std::uint64_t modelled_ = 0;
    std::uint64_t charged_ = 0;
};

} // namespace kps::mcuemu
