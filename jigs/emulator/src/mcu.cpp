#include "mcu.hpp"

#include <chrono>
#include <cstring>
#include <string.h> // explicit_bzero
#include <utility>

namespace kps::mcuemu {
namespace {

// The bus windows of stm32wle5xx.h's peripheral memory map (APB1, APB2, AHB1, AHB2,
// AHB3, APB3), system memory (bootloader, OTP, engineering bytes, option bytes) and
// the Cortex-M4 private peripheral bus.
constexpr MemoryWindow kBootloader{0x1FFF0000, 0x7000};   // code: mapped as ROM
constexpr MemoryWindow kSystemMemory{0x1FFF7000, 0x1000}; // OTP, engineering and option bytes
// The stand-in for ST's bootloader: its vector table (stack, reset at 0x1FFF0100) and
// an endless loop there. A part whose flash is blank at the empty check boots into it.
constexpr std::uint32_t kBootloaderStack = 0x20008000, kBootloaderEntry = 0x1FFF0100;
constexpr std::uint16_t kBranchToSelf = 0xE7FE; // b .
constexpr MemoryWindow kBusWindows[] = {
    {0x40000000, 0x10000}, {0x40010000, 0x10000}, {0x40020000, 0x10000}, {0x48000000, 0x2000},
    {0x58000000, 0x10000}, {0x58010000, 0x400},   {0xE0000000, 0x100000}};
constexpr std::uint32_t kForeignDeviceId = 0x495;           // STM32WB5x: another part in the socket
constexpr std::uint64_t kSwdAccessNanoseconds = 11'500;     // 46 bits at 4 MHz
constexpr std::uint64_t kProbeCommandNanoseconds = 125'000; // a USB high-speed microframe

std::uint64_t steadyNanoseconds() {
    return std::uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(
                             std::chrono::steady_clock::now().time_since_epoch())
                             .count());
}

std::uint32_t littleEndian(const std::uint8_t* at) {
    std::uint32_t value = 0;
    std::memcpy(&value, at, 4);
    return value;
}

} // namespace

Stm32wlMcu::Impl::Impl(const jigs::TargetProfile& profile, Stm32wlOptions options)
    : profile_(profile)
    , options_(std::move(options))
    , deviceId_(profile.identity.deviceId)
    , flash_(profile.flashSize, 0xFF)
    , ram_(profile.ramSize, 0x00)
    , bootloader_(kBootloader.size, 0xFF)
    , rng_(options_.seed) {
    std::memcpy(bootloader_.data(), &kBootloaderStack, 4);
    const std::uint32_t entry = kBootloaderEntry | 1;
    std::memcpy(bootloader_.data() + 4, &entry, 4);
    std::memcpy(bootloader_.data() + (kBootloaderEntry - kBootloader.base), &kBranchToSelf, 2);
    if (!options_.clock && options_.clockSource == McuClock::Wire)
        options_.clock = [this] {
            return wireNanoseconds_;
        };
    else if (!options_.clock)
        options_.clock = &steadyNanoseconds;
    if (options_.faults && options_.faults->roll(jigs::sim::FaultKind::WrongIdcode))
        deviceId_ = kForeignDeviceId;
}

Stm32wlMcu::Impl::~Impl() {
    for (unsigned r = 0; r <= regsel::psp && core_; ++r)
        core_->writeRegister(r, 0); // register copies of key words
    explicit_bzero(flash_.data(), flash_.size());
    explicit_bzero(ram_.data(), ram_.size());
}

jigs::Result<std::unique_ptr<Stm32wlMcu::Impl>>
Stm32wlMcu::Impl::create(const jigs::TargetProfile& profile, Stm32wlOptions options) {
    std::unique_ptr<Impl> mcu(new Impl(profile, std::move(options)));
    KPS_TRY(mcu->start());
    return mcu;
}

jigs::Status Stm32wlMcu::Impl::start() {
    const jigs::PeripheralsProfile& p = profile_.peripherals;
    peripherals_ = {{p.aes, 0x400, &aes_},
                    {p.rng, 0x400, &rng_},
                    {p.pka, 0x2000, &pka_},
                    {p.uart, 0x400, &uart_}};
    windows_.push_back(kSystemMemory);
    for (const MemoryWindow& window : kBusWindows) {
        windows_.push_back(window);
        otherRegisters_.push_back(std::make_unique<RegisterFile>());
    }
    BusyTimer timer(options_.flashTimeScale, options_.clock);
    flashController_ = std::make_unique<FlashController>(profile_, flash_, std::move(timer), *this,
                                                         options_.faults);
    KPS_TRY_LET(core, CortexCore::open(coreMemory(), *this));
    core_ = std::move(core);
    control_ = std::make_unique<CoreControl>(profile_, *core_, *this, options_.faults);
    powerOnReset();
    return {};
}

CoreMemory Stm32wlMcu::Impl::coreMemory() {
    CoreMemory memory;
    memory.flash = flash_;
    memory.flashBase = profile_.flashBase;
    memory.ram = ram_;
    memory.ramBase = profile_.ramBase;
    memory.rom = bootloader_;
    memory.romBase = kBootloader.base;
    memory.windows = windows_;
    return memory;
}

std::optional<Vectors> Stm32wlMcu::Impl::vectors() const {
    if (flashController_->bootsFromSystemMemory())
        return Vectors{littleEndian(bootloader_.data()), littleEndian(bootloader_.data() + 4)};
    if (flashController_->flashProtected())
        return std::nullopt; // the vector fetch fails: the core locks up
    return Vectors{littleEndian(flash_.data()), littleEndian(flash_.data() + 4)};
}

void Stm32wlMcu::Impl::updateFlashReach() {
    flashController_->setDebugAttached(debugAttached_);
    core_->setFlashReachable(!flashController_->flashProtected());
}

void Stm32wlMcu::Impl::systemReset() {
    if (inCore_) {
        pendingSystemReset_ = true;
        return core_->stopSoon();
    }
    flashController_->systemReset();
    for (const Mapped& mapped : peripherals_)
        mapped.peripheral->reset();
    for (auto& registers : otherRegisters_)
        registers->reset();
    updateFlashReach();
    control_->resetCore(vectors());
}

void Stm32wlMcu::Impl::powerOnReset() {
    debugAttached_ = false;
    flashController_->loadOptionBytes();
    std::fill(ram_.begin(), ram_.end(), 0);
    core_->memoryChanged(profile_.ramBase, profile_.ramBase + profile_.ramSize);
    std::fill(std::begin(dbgmcuControl_), std::end(dbgmcuControl_), 0);
    control_->powerOn();
    systemReset();
}

void Stm32wlMcu::Impl::optionLoadRequested() {
    if (inCore_) {
        pendingOptionLoad_ = true;
        return core_->stopSoon();
    }
    flashController_->loadOptionBytes(); // OBL_LAUNCH: options loaded, then a system reset
    systemReset();
}

void Stm32wlMcu::Impl::systemResetRequested() {
    systemReset();
}

void Stm32wlMcu::Impl::coreResetRequested() {
    if (inCore_) {
        pendingCoreReset_ = true;
        return core_->stopSoon();
    }
    control_->resetCore(vectors());
}

void Stm32wlMcu::Impl::flashChanged(std::uint32_t begin, std::uint32_t end) {
    core_->memoryChanged(begin, end);
}

void Stm32wlMcu::Impl::probeCommand() {
    wireNanoseconds_ += kProbeCommandNanoseconds;
    run(options_.instructionsPerCommand);
}

void Stm32wlMcu::Impl::swdAccess() {
    wireNanoseconds_ += kSwdAccessNanoseconds;
    if (!debugAttached_) {
        debugAttached_ = true; // a debugger on the wire since power-on
        updateFlashReach();
    }
    run(options_.instructionsPerAccess);
}

void Stm32wlMcu::Impl::run(std::uint64_t instructions) {
    inCore_ = true;
    control_->advance(instructions);
    inCore_ = false;
    afterCoreRun();
}

void Stm32wlMcu::Impl::afterCoreRun() {
    const bool optionLoad = std::exchange(pendingOptionLoad_, false);
    const bool systemWide = std::exchange(pendingSystemReset_, false);
    const bool coreOnly = std::exchange(pendingCoreReset_, false);
    if (optionLoad)
        optionLoadRequested();
    else if (systemWide)
        systemReset();
    else if (coreOnly)
        coreResetRequested();
}

} // namespace kps::mcuemu
