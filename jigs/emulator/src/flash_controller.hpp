#pragma once
// The STM32WL flash controller (RM0461, chapter Embedded flash memory), as the core
// and the debugger reach it: KEYR/OPTKEYR unlock sequences (a wrong key is a bus
// error and keeps the register locked until reset), page and mass erase (PER/MER +
// STRT), double-word programming (PG, two 32-bit writes), the error flags PROGERR,
// WRPERR, PGAERR, SIZERR, PGSERR (and OPERR, EOP only with ERRIE, EOPIE), BSY and
// CFGBSY, the option register OPTR with OPTSTRT (programs the option bytes; going
// from readout protection level 1 back to 0 mass-erases) and OBL_LAUNCH (loads them
// and resets the MCU). Register offsets and bits come from the target profile; the
// registers it does not name (ACR, ECCR, WRP, PCROP) are RM0461's.
#include "busy_timer.hpp"
#include "kps/jigs/sim/fault_injector.hpp"
#include "kps/jigs/target_profile.hpp"

#include <cstdint>
#include <span>

namespace kps::mcuemu {

/// What the controller tells the MCU.
class FlashEvents {
public:
    virtual ~FlashEvents() = default;
    /// The controller changed flash bytes (erase, program).
    virtual void flashChanged(std::uint32_t begin, std::uint32_t end) = 0;
    /// OBL_LAUNCH: load the option bytes and reset the MCU.
    virtual void optionLoadRequested() = 0;
};

enum class RdpLevel { Level0, Level1, Level2 };

struct FlashStatistics {
    std::uint64_t pageErases = 0, massErases = 0, doubleWords = 0, optionPrograms = 0;
    std::uint64_t modelledNanoseconds = 0; // datasheet time of all operations
    std::uint64_t chargedNanoseconds = 0;  // of it, charged as busy time (scaled)
};

class FlashController {
public:
    FlashController(const jigs::TargetProfile& profile, std::span<std::uint8_t> flash,
                    BusyTimer timer, FlashEvents& events, jigs::sim::FaultInjector* faults);

    /// Registers by offset from the controller's base. Write false: bus error.
    std::uint32_t readRegister(std::uint32_t offset);
    bool writeRegister(std::uint32_t offset, std::uint32_t value);
    /// A 32-bit (or smaller) write into the flash array by the core or the debugger.
    /// False: bus error.
    bool writeFlash(std::uint32_t address, unsigned size, std::uint32_t value);

    /// Readout protection as loaded from the option bytes.
    RdpLevel level() const { return levelOf(loaded_); }
    /// With a debugger attached since power-on, level 1 keeps everyone out of flash.
    void setDebugAttached(bool attached) { debugAttached_ = attached; }
    bool flashProtected() const { return debugAttached_ && level() == RdpLevel::Level1; }

    /// OBL_LAUNCH and power-on: the stored option bytes become the loaded ones, and the
    /// empty check runs (ACR.EMPTY: the first flash word is blank).
    void loadOptionBytes();
    /// Where the core boots: system memory while EMPTY is set (RM0461, empty check).
    bool bootsFromSystemMemory() const { return acr_ & kEmpty; }
    /// A system reset: registers to their reset values, both locks set.
    void systemReset();
    /// Options as stored / loaded; an endpoint made outside the line (tests, restarts).
    void setOptionBytes(std::uint32_t options);
    std::uint32_t loadedOptions() const { return loaded_; }
    FlashStatistics statistics() const;

private:
    RdpLevel levelOf(std::uint32_t options) const;
    void settle();
    std::uint32_t status() const;
    bool writeKey(std::uint32_t key, bool optionKey);
    void writeControl(std::uint32_t value);
    void startErase();
    void startOptionProgramming();
    void programDoubleWord(std::uint32_t address, std::uint64_t value);
    void finishLater(std::uint32_t clearControl);
    void failOperation(std::uint32_t errors);
    void rollProgramFaults();
    void erase(std::uint32_t offset, std::uint32_t length);

    const jigs::TargetProfile& profile_;
    const jigs::FlashControllerProfile& fc_;
    std::span<std::uint8_t> flash_;
    BusyTimer timer_;
    FlashEvents& events_;
    jigs::sim::FaultInjector* faults_;
    static constexpr std::uint32_t kEmpty = 1u << 16; // ACR.EMPTY
    // registers
    std::uint32_t acr_ = 0;
    std::uint32_t sr_ = 0;
    std::uint32_t cr_ = 0;
    std::uint32_t optr_ = 0;
    // state behind them
    int keyStage_ = 0, optionKeyStage_ = 0;
    bool lockedOut_ = false; // a wrong key sequence: locked until reset
    bool latched_ = false;   // the first word of a double word is in
    std::uint32_t latchAddress_ = 0, latchValue_ = 0;
    bool configBusy_ = false;
    bool completionPending_ = false;
    std::uint32_t completionClear_ = 0;     // CR bits cleared when BSY clears (STRT, OPTSTRT)
    std::uint32_t stored_ = 0, loaded_ = 0; // option bytes
    bool debugAttached_ = false;
    bool failNextProgram_ = false;
    int corruptAfter_ = -1;
    FlashStatistics statistics_;
};

} // namespace kps::mcuemu
