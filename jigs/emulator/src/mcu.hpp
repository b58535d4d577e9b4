#pragma once
// The emulated STM32WLE5 inside: memory, the core and its debug side, the flash
// controller, the peripherals, and the bus that ties them together for the core
// (CoreBus) and for the debugger (the AHB-AP: busRead/busWrite). Resets the core asks
// for while it runs (AIRCR, OBL_LAUNCH) happen when the core has stopped.
#include "aes_peripheral.hpp"
#include "core_control.hpp"
#include "cortex_core.hpp"
#include "flash_controller.hpp"
#include "kps/mcuemu/stm32wl_mcu.hpp"
#include "pka_peripheral.hpp"
#include "rng_peripheral.hpp"
#include "uart_peripheral.hpp"

#include <memory>
#include <vector>

namespace kps::mcuemu {

class Stm32wlMcu::Impl final : public CoreBus, public FlashEvents, public ResetRequests {
public:
    static jigs::Result<std::unique_ptr<Impl>> create(const jigs::TargetProfile& profile,
                                                      Stm32wlOptions options);
    ~Impl() override;

    // the debugger's side (AHB-AP)
    bool debugRead(std::uint32_t address, unsigned size, std::uint32_t& value);
    bool debugWrite(std::uint32_t address, unsigned size, std::uint32_t value);
    void swdAccess();
    void probeCommand();

    // CoreBus
    std::uint32_t coreRead(std::uint32_t address, unsigned size) override;
    void coreWrite(std::uint32_t address, unsigned size, std::uint32_t value) override;
    bool coreFlashWrite(std::uint32_t address, unsigned size, std::uint32_t value) override;
    // FlashEvents
    void flashChanged(std::uint32_t begin, std::uint32_t end) override;
    void optionLoadRequested() override;
    // ResetRequests
    void systemResetRequested() override;
    void coreResetRequested() override;

    void systemReset();
    void powerOnReset();
    void run(std::uint64_t instructions);

    const jigs::TargetProfile& profile_;
    Stm32wlOptions options_;
    std::uint32_t deviceId_ = 0;
    std::vector<std::uint8_t> flash_;
    std::vector<std::uint8_t> ram_;
    std::vector<std::uint8_t> bootloader_; // system memory: a stand-in for ST's bootloader
    std::unique_ptr<FlashController> flashController_;
    std::unique_ptr<CortexCore> core_;
    std::unique_ptr<CoreControl> control_;
    AesPeripheral aes_;
    RngPeripheral rng_;
    UartPeripheral uart_;
    PkaPeripheral pka_;
    std::uint64_t wireNanoseconds_ = 0;

private:
    struct Mapped {
        std::uint32_t base, size;
        Peripheral* peripheral;
    };
    explicit Impl(const jigs::TargetProfile& profile, Stm32wlOptions options);
    jigs::Status start();
    CoreMemory coreMemory();
    std::optional<Vectors> vectors() const;
    void updateFlashReach();
    void afterCoreRun();
    std::uint32_t readWord(std::uint32_t address, Initiator initiator);
    void writeWord(std::uint32_t address, std::uint32_t value, Initiator initiator);
    bool mapped(std::uint32_t address) const;
    bool inFlash(std::uint32_t address, unsigned size) const;
    bool inRam(std::uint32_t address, unsigned size) const;
    std::uint32_t systemMemory(std::uint32_t address) const;
    std::uint32_t debugMcu(std::uint32_t address) const;

    std::vector<Mapped> peripherals_;
    std::vector<std::unique_ptr<RegisterFile>> otherRegisters_; // one per window
    std::vector<MemoryWindow> windows_;
    std::uint32_t dbgmcuControl_[4] = {}; // CR, APB1FZR1, APB1FZR2, APB2FZR
    bool debugAttached_ = false;
    bool inCore_ = false;
    bool pendingSystemReset_ = false, pendingCoreReset_ = false, pendingOptionLoad_ = false;
};

} // namespace kps::mcuemu
