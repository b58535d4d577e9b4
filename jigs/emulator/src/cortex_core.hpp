#pragma once
// One Cortex-M4 core emulated by Unicorn 2 (Thumb, M-profile, CPU model Cortex-M4).
// Flash and RAM are the MCU's own buffers mapped into the core: RAM read-write,
// flash read and execute only. A store into flash does not change the buffer: it goes
// to the flash controller (CoreBus::coreFlashWrite), and the bytes Unicorn stored
// anyway are put back before anything can read them. Every other window (system
// memory, peripherals, the private peripheral bus) reaches the MCU through CoreBus.
// The core runs only when asked (run), for a number of instructions; it stops early
// on a BKPT instruction (Unicorn interrupt 7), on an FPB breakpoint address, and on
// a fault (an access outside every window, a refused access, any other exception:
// exceptions are not delivered to handlers).
#include "kps/jigs/jig_error.hpp"

#include <cstdint>
#include <memory>
#include <span>
#include <unicorn/unicorn.h>
#include <vector>

namespace kps::mcuemu {

/// What the core reaches besides flash and RAM.
class CoreBus {
public:
    virtual ~CoreBus() = default;
    virtual std::uint32_t coreRead(std::uint32_t address, unsigned size) = 0;
    virtual void coreWrite(std::uint32_t address, unsigned size, std::uint32_t value) = 0;
    /// A store into flash, for the flash controller. False: bus error (the core faults).
    virtual bool coreFlashWrite(std::uint32_t address, unsigned size, std::uint32_t value) = 0;
};

struct MemoryWindow {
    std::uint32_t base = 0;
    std::uint32_t size = 0;
};

struct CoreMemory {
    std::span<std::uint8_t> flash;
    std::uint32_t flashBase = 0;
    std::span<std::uint8_t> rom; // the system memory's code: read and execute
    std::uint32_t romBase = 0;
    std::span<std::uint8_t> ram;
    std::uint32_t ramBase = 0;
    std::vector<MemoryWindow> windows; // reached through CoreBus
};

enum class CoreStop { Count, Breakpoint, Fault };

/// DCRSR register selectors (ARMv7-M): R0-R12 are 0-12.
namespace regsel {
constexpr unsigned sp = 13, lr = 14, pc = 15, xpsr = 16, msp = 17, psp = 18;
constexpr unsigned special = 20; // CONTROL[31:24] FAULTMASK[23:16] BASEPRI[15:8] PRIMASK[7:0]
} // namespace regsel

class CortexCore {
public:
    static jigs::Result<std::unique_ptr<CortexCore>> open(const CoreMemory& memory, CoreBus& bus);
    ~CortexCore();
    CortexCore(const CortexCore&) = delete;
    CortexCore& operator=(const CortexCore&) = delete;

    /// Runs up to `instructions` instructions from the current PC.
    CoreStop run(std::uint64_t instructions);
    /// From a bus callback while the core runs: stop after the current instruction.
    void stopSoon();
    /// From a bus callback: the access was a bus error; the core faults.
    void faultNow();
    /// A core register by its DCRSR selector; absent ones (FPU) read 0, ignore writes.
    std::uint32_t readRegister(unsigned selector) const;
    void writeRegister(unsigned selector, std::uint32_t value);
    std::uint32_t pc() const { return readRegister(regsel::pc); }
    /// Reset: MSP and PC from the vector table, xPSR with the Thumb bit, LR all ones.
    void reset(std::uint32_t stackPointer, std::uint32_t resetVector);

    /// Readout protection with a debugger attached: the core reaches no flash.
    void setFlashReachable(bool reachable);
    /// FPB: the core stops before executing an instruction at one of these addresses.
    void setBreakpoints(const std::vector<std::uint32_t>& addresses);
    /// The host changed code memory under the core: translations of it are dropped
    /// before the core runs again.
    void memoryChanged(std::uint32_t begin, std::uint32_t end);

private:
    struct Window;
    explicit CortexCore(CoreBus& bus);
    jigs::Status map(const CoreMemory& memory);
    jigs::Status addHooks();
    void dropStaleTranslations();
    void restoreFlash();
    bool storeIntoFlash(std::uint32_t address, int size, std::uint32_t value);
    bool inFlash(std::uint64_t address) const;

    static void onInterrupt(uc_engine* uc, std::uint32_t number, void* self);
    static bool onProtectedWrite(uc_engine* uc, uc_mem_type type, std::uint64_t address, int size,
                                 std::int64_t value, void* self);
    static void onFlashRead(uc_engine* uc, uc_mem_type type, std::uint64_t address, int size,
                            std::int64_t value, void* self);
    static void onBreakpoint(uc_engine* uc, std::uint64_t address, std::uint32_t size, void* self);
    static std::uint64_t onWindowRead(uc_engine* uc, std::uint64_t offset, unsigned size,
                                      void* window);
    static void onWindowWrite(uc_engine* uc, std::uint64_t offset, unsigned size,
                              std::uint64_t value, void* window);

    struct Closer {
        void operator()(uc_engine* uc) const;
    };
    struct PendingRestore {
        bool active = false;
        std::uint32_t offset = 0;
        int size = 0;
        std::uint8_t bytes[8] = {};
    };

    CoreBus& bus_;
    std::unique_ptr<uc_engine, Closer> uc_;
    std::span<std::uint8_t> flash_;
    std::uint32_t flashBase_ = 0;
    std::vector<std::unique_ptr<Window>> windows_;
    std::vector<uc_hook> breakpointHooks_;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> stale_;
    PendingRestore pending_;
    CoreStop stop_ = CoreStop::Count;
};

} // namespace kps::mcuemu
