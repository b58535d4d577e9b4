#pragma once
// An emulated STM32WLE5 for the firmware bench: every call from the simulated probe
// is timed, so the bench can tell the emulator's share of the host's time (its core
// runs inside swdAccess, its flash controller inside the bus calls).
//
// The emulator advances its core only with the probe's SWD accesses; silicon runs on
// while packets cross the USB. Two ways to give the core its own time:
// - realTime(): a thread lets the core run at 48 MHz in the host's time between the
//   probe's calls (every call takes the same lock) - for clients that poll over USB
//   while code runs on the target (OpenOCD's flash loader, and ours alike);
// - a ModelClock: the line's time is a model instead of the host's - each SWD access
//   takes the wire time of one transfer, each USB round trip a probe's latency, and
//   the core runs at its clock during both, in slices of a quarter access (so the end
//   of a flash operation is seen within 3 us, as a 48 MHz core polling would); the
//   flash's busy flag runs on that clock, so busy time and wall time of an endpoint
//   compare as on a line, whatever else the host runs.
#include "kps/jigs/sim/simulated_probe.hpp"
#include "kps/mcuemu/stm32wl_mcu.hpp"

#include <QtGlobal>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <type_traits>

namespace kps::test {

inline jigs::sim::ProbeIdentity benchProbe(const char* serial) {
    jigs::sim::ProbeIdentity identity;
    identity.serial = serial;
    return identity;
}

struct ModelClock {
    std::uint64_t now = 0;                  // nanoseconds
    std::uint64_t swdAccessNs = 11'500;     // 46 bits at 4 MHz
    std::uint64_t usbRoundTripNs = 250'000; // a high-speed CMSIS-DAP v2 probe's round trip
    std::uint64_t coreMhz = 48;             // the STM32WLE5's top clock
    std::uint64_t sliceNs = 2'875;          // the core runs in steps of a quarter access
    std::uint64_t instructions(std::uint64_t nanoseconds) const {
        return nanoseconds * coreMhz / 1000;
    }
};

class TimedEndpoint final : public jigs::sim::SimulatedEndpoint {
public:
    /// `model`: the line's time is `model`'s (nullptr: the host's steady clock).
    static std::unique_ptr<TimedEndpoint> emulate(mcuemu::Stm32wlOptions options,
                                                  ModelClock* model = nullptr) {
        if (model) {
            options.clock = [model] {
                return model->now;
            };
            options.instructionsPerAccess = unsigned(model->instructions(model->swdAccessNs));
        }
        auto made = mcuemu::Stm32wlMcu::create(jigs::stm32wle5Target(), std::move(options));
        if (!made)
            qFatal("%s", made.error().message().c_str());
        return std::unique_ptr<TimedEndpoint>(new TimedEndpoint(std::move(*made), model));
    }
    ~TimedEndpoint() override {
        running_ = false;
        if (ticker_.joinable())
            ticker_.join();
    }
    /// The core runs at 48 MHz in the host's time from now on (a thread of its own).
    void realTime() {
        running_ = true;
        ticker_ = std::thread([this] { tick(); });
    }
    mcuemu::Stm32wlMcu& mcu() { return *mcu_; }
    std::uint64_t nanoseconds() const { return nanoseconds_; }
    void resetClock() { nanoseconds_ = 0; }

    bool busRead(std::uint32_t address, unsigned size, std::uint32_t& value) override {
        return timed([&] { return mcu_->busRead(address, size, value); });
    }
    bool busWrite(std::uint32_t address, unsigned size, std::uint32_t value) override {
        return timed([&] { return mcu_->busWrite(address, size, value); });
    }
    void systemReset() override {
        timed([&] { mcu_->systemReset(); });
    }
    /// A command packet reached the probe: a USB round trip passes, the core runs on.
    void probeCommand() override {
        if (model_)
            passTime(model_->usbRoundTripNs);
        else
            timed([&] { mcu_->probeCommand(); });
    }
    void swdAccess() override {
        timed([&] { mcu_->swdAccess(); });
        if (model_)
            passTime(model_->swdAccessNs);
    }
    std::uint32_t dpidr() const override { return mcu_->dpidr(); }
    std::uint32_t autoIncrementBlock() const override { return mcu_->autoIncrementBlock(); }
    bool debugPortEnabled() const override { return mcu_->debugPortEnabled(); }
    const jigs::TargetProfile& profile() const override { return mcu_->profile(); }
    const std::array<std::uint8_t, 12>& uniqueId() const override { return mcu_->uniqueId(); }
    bool locked() const override {
        std::lock_guard lock(mutex_);
        return mcu_->locked();
    }
    bool halted() const override {
        std::lock_guard lock(mutex_);
        return mcu_->halted();
    }
    std::span<const std::uint8_t> flash() const override { return mcu_->flash(); }
    std::span<const std::uint8_t> keyStorePage() const override { return mcu_->keyStorePage(); }
    void provisionDirectly(std::span<const std::uint8_t> record) override {
        mcu_->provisionDirectly(record);
    }
    void restoreKeyStore(std::span<const std::uint8_t> page, bool locked) override {
        mcu_->restoreKeyStore(page, locked);
    }

private:
    /// The model's clock moves on in slices; a running core executes each slice's
    /// instructions at that slice's time (so a flash operation's end is seen within one
    /// slice, not one access, after it).
    void passTime(std::uint64_t nanoseconds) {
        for (std::uint64_t passed = 0; passed < nanoseconds; passed += model_->sliceNs) {
            const std::uint64_t slice = std::min(model_->sliceNs, nanoseconds - passed);
            model_->now += slice;
            if (mcu_->coreState() == mcuemu::McuCoreState::Running)
                timed([&] { mcu_->run(model_->instructions(slice)); });
        }
    }
    void tick() {
        using Clock = std::chrono::steady_clock;
        auto last = Clock::now();
        while (running_) {
            std::this_thread::sleep_for(std::chrono::microseconds(50));
            const auto now = Clock::now();
            const auto elapsed = std::uint64_t(
                std::chrono::duration_cast<std::chrono::nanoseconds>(now - last).count());
            last = now;
            timed([&] { mcu_->run(std::min<std::uint64_t>(elapsed * 48 / 1000, 480'000)); });
        }
    }
    TimedEndpoint(std::unique_ptr<mcuemu::Stm32wlMcu> mcu, ModelClock* model)
        : mcu_(std::move(mcu))
        , model_(model) {}
    template <class F> std::invoke_result_t<F> timed(F&& call) {
        std::lock_guard lock(mutex_);
        const auto start = std::chrono::steady_clock::now();
        struct Charge {
            std::chrono::steady_clock::time_point start;
            std::atomic<std::uint64_t>& total;
            ~Charge() {
                total += std::uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                           std::chrono::steady_clock::now() - start)
                                           .count());
            }
        } charge{start, nanoseconds_};
        return call();
    }
    std::unique_ptr<mcuemu::Stm32wlMcu> mcu_;
    ModelClock* model_;
    mutable std::mutex mutex_;
    std::atomic<std::uint64_t> nanoseconds_ = 0;
    std::atomic<bool> running_ = false;
    std::thread ticker_;
};

} // namespace kps::test
