#pragma once
// An emulated STM32WLE5 for the simulated probe's socket: a real Cortex-M4 core
// (Unicorn) with the MCU's bus as the target profile and RM0461 describe it - flash
// behind its controller (mapped read-only to the core, changed only by the controller),
// option bytes and readout protection, RAM, UID64 and the 96-bit unique ID, FLASH_SIZE,
// DBGMCU_IDCODE, the AES, RNG, PKA and LPUART peripherals - and the Cortex-M debug
// registers (DHCSR, DCRSR/DCRDR, DEMCR, DFSR, AIRCR, FPB).
//
// Time is deterministic: while the core runs, it executes `instructionsPerCommand`
// instructions per command packet reaching the probe and `instructionsPerAccess` per
// SWD access reaching the SW-DP (or `run` in a test); no threads, no sleeps. Flash
// operations charge the datasheet's times, scaled by `flashTimeScale`, as a busy flag on
// a clock: the steady clock, the wire's own time (McuClock::Wire: 11.5 us per SWD access
// and 125 us per probe command, deterministic) or a test's.
//
// Readout protection level 1 behaves as on silicon: once a debugger has been on the
// wire since power-on (any SWD access), neither the debugger nor the core reaches the
// flash (the debugger gets a bus error, the core faults). powerOnReset() is the power
// cycle after which the firmware runs again (as in the field).
#include "kps/jigs/sim/fault_injector.hpp"
#include "kps/jigs/sim/simulated_endpoint.hpp"
#include "kps/jigs/target_profile.hpp"

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace kps::mcuemu {

/// The clock the flash's busy time runs on.
enum class McuClock {
    Steady, // wall time
    Wire,   // time on the SWD wire: 11.5 us per access (46 bits at 4 MHz), 125 us per command
};

struct Stm32wlOptions {
    std::array<std::uint8_t, 12> uniqueId{}; // the 96-bit unique ID, as the station reads it
    std::uint64_t seed = 1;                  // the RNG's numbers
    unsigned instructionsPerAccess = 256;    // executed per SWD access while running
    unsigned instructionsPerCommand = 6000;  // per probe command: 125 us (a USB microframe)
                                             // of a 48 MHz core
    double flashTimeScale = 0.0;             // 0: flash operations end at once; 1: datasheet
    McuClock clockSource = McuClock::Steady;
    std::function<std::uint64_t()> clock; // nanoseconds; set, it replaces clockSource
    jigs::sim::FaultInjector* faults = nullptr;
    std::optional<std::uint32_t> dpidr; // another debug port in the socket (tests)
};

enum class McuCoreState { Running, Halted, LockedUp, Hung };
enum class ReadoutProtection { Level0, Level1, Level2 };

struct McuFlashStatistics {
    std::uint64_t pageErases = 0, massErases = 0, doubleWords = 0, optionPrograms = 0;
    std::uint64_t modelledNanoseconds = 0; // datasheet time of every operation
    std::uint64_t chargedNanoseconds = 0;  // of it, charged as busy time (scaled)
};

class Stm32wlMcu final : public jigs::sim::SimulatedEndpoint {
public:
    /// An MCU as delivered: flash erased, options at the profile's factory value.
    static jigs::Result<std::unique_ptr<Stm32wlMcu>> create(const jigs::TargetProfile& profile,
                                                            Stm32wlOptions options = {});
    /// Wipes flash, RAM, core registers and the AES key: the keys leave the process
    /// with the endpoint.
    ~Stm32wlMcu() override;
    Stm32wlMcu(const Stm32wlMcu&) = delete;
    Stm32wlMcu& operator=(const Stm32wlMcu&) = delete;

    // jigs::sim::SimulatedEndpoint
    bool busRead(std::uint32_t address, unsigned size, std::uint32_t& value) override;
    bool busWrite(std::uint32_t address, unsigned size, std::uint32_t value) override;
    void systemReset() override;
    void swdAccess() override;
    void probeCommand() override;
    std::uint32_t dpidr() const override;
    std::uint32_t autoIncrementBlock() const override { return 0x1000; } // Cortex-M4 AHB-AP
    bool debugPortEnabled() const override;
    const jigs::TargetProfile& profile() const override;
    const std::array<std::uint8_t, 12>& uniqueId() const override;
    bool locked() const override;
    bool halted() const override;
    std::span<const std::uint8_t> flash() const override;
    std::span<const std::uint8_t> keyStorePage() const override;
    void provisionDirectly(std::span<const std::uint8_t> record) override;
    void restoreKeyStore(std::span<const std::uint8_t> page, bool locked) override;

    // The emulator's own.
    /// A power cycle: option bytes loaded, the debugger's trace gone, RAM cleared,
    /// then a reset.
    void powerOnReset();
    /// Lets time pass without SWD: the core (if it runs) executes up to `instructions`.
    void run(std::uint64_t instructions);
    McuCoreState coreState() const;
    std::uint32_t coreRegister(unsigned selector) const; // DCRSR selector
    ReadoutProtection readoutProtection() const;
    /// Factory programming: bytes straight into flash (no controller, no timing).
    void writeFlashDirectly(std::uint32_t address, std::span<const std::uint8_t> bytes);
    /// The LPUART: bytes for the firmware to receive, bytes it transmitted.
    void feedUart(std::span<const std::uint8_t> bytes);
    std::vector<std::uint8_t> takeUartOutput();
    McuFlashStatistics flashStatistics() const;
    /// Time on the wire so far (as McuClock::Wire counts it), whatever the clock source.
    std::uint64_t wireNanoseconds() const;
    std::uint64_t aesBlocks() const;
    /// PKA operations computed by the model (ECC scalar multiplication, point check,
    /// ECDSA verification).
    std::uint64_t pkaOperations() const;

    class Impl;

private:
    explicit Stm32wlMcu(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace kps::mcuemu
