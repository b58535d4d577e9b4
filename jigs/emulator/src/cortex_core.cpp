#include "cortex_core.hpp"

#include <cstring>

namespace kps::mcuemu {
namespace {

constexpr std::uint32_t kBkptInterrupt = 7; // EXCP_BKPT, as Unicorn reports it
constexpr std::uint32_t kThumbBit = 1u << 24;

jigs::Status check(uc_err error, const char* what) {
    if (error == UC_ERR_OK)
        return {};
    return jigs::fail(jigs::JigFault::Protocol, what, "emulated core", uc_strerror(error),
                      long(error));
}

int unicornRegister(unsigned selector) {
    if (selector <= 12)
        return UC_ARM_REG_R0 + int(selector);
    switch (selector) {
    case regsel::sp:
        return UC_ARM_REG_SP;
    case regsel::lr:
        return UC_ARM_REG_LR;
    case regsel::pc:
        return UC_ARM_REG_PC;
    case regsel::xpsr:
        return UC_ARM_REG_XPSR;
    case regsel::msp:
        return UC_ARM_REG_MSP;
    case regsel::psp:
        return UC_ARM_REG_PSP;
    default:
        return UC_ARM_REG_INVALID;
    }
}

template <class Function> void* callback(Function function) {
    return reinterpret_cast<void*>(function);
}

constexpr int kSpecialRegisters[4] = {UC_ARM_REG_PRIMASK, UC_ARM_REG_BASEPRI, UC_ARM_REG_FAULTMASK,
                                      UC_ARM_REG_CONTROL};

} // namespace

struct CortexCore::Window {
    CortexCore* core;
    std::uint32_t base;
};

void CortexCore::Closer::operator()(uc_engine* uc) const {
    uc_close(uc);
}

CortexCore::CortexCore(CoreBus& bus)
    : bus_(bus) {}

CortexCore::~CortexCore() = default;

jigs::Result<std::unique_ptr<CortexCore>> CortexCore::open(const CoreMemory& memory, CoreBus& bus) {
    std::unique_ptr<CortexCore> core(new CortexCore(bus));
    uc_engine* uc = nullptr;
    KPS_TRY(check(uc_open(UC_ARCH_ARM, uc_mode(UC_MODE_THUMB | UC_MODE_MCLASS), &uc), "open"));
    core->uc_.reset(uc);
    KPS_TRY(check(uc_ctl_set_cpu_model(uc, UC_CPU_ARM_CORTEX_M4), "select Cortex-M4"));
    KPS_TRY(core->map(memory));
    KPS_TRY(core->addHooks());
    return core;
}

jigs::Status CortexCore::map(const CoreMemory& memory) {
    uc_engine* uc = uc_.get();
    flash_ = memory.flash;
    flashBase_ = memory.flashBase;
    KPS_TRY(check(uc_mem_map_ptr(uc, memory.flashBase, memory.flash.size(),
                                 UC_PROT_READ | UC_PROT_EXEC, memory.flash.data()),
                  "map flash"));
    KPS_TRY(check(uc_mem_map_ptr(uc, memory.romBase, memory.rom.size(), UC_PROT_READ | UC_PROT_EXEC,
                                 memory.rom.data()),
                  "map system memory"));
    KPS_TRY(
        check(uc_mem_map_ptr(uc, memory.ramBase, memory.ram.size(), UC_PROT_ALL, memory.ram.data()),
              "map RAM"));
    for (const MemoryWindow& window : memory.windows) {
        windows_.push_back(std::make_unique<Window>(Window{this, window.base}));
        KPS_TRY(check(uc_mmio_map(uc, window.base, window.size, &CortexCore::onWindowRead,
                                  windows_.back().get(), &CortexCore::onWindowWrite,
                                  windows_.back().get()),
                      "map a peripheral window"));
    }
    return {};
}

jigs::Status CortexCore::addHooks() {
    uc_engine* uc = uc_.get();
    uc_hook hook = 0;
    KPS_TRY(
        check(uc_hook_add(uc, &hook, UC_HOOK_INTR, callback(&CortexCore::onInterrupt), this, 1, 0),
              "hook interrupts"));
    KPS_TRY(check(uc_hook_add(uc, &hook, UC_HOOK_MEM_WRITE_PROT,
                              callback(&CortexCore::onProtectedWrite), this, 1, 0),
                  "hook flash writes"));
    const std::uint64_t flashEnd = std::uint64_t(flashBase_) + flash_.size() - 1;
    return check(uc_hook_add(uc, &hook, UC_HOOK_MEM_READ, callback(&CortexCore::onFlashRead), this,
                             std::uint64_t(flashBase_), flashEnd),
                 "hook flash reads");
}

CoreStop CortexCore::run(std::uint64_t instructions) {
    dropStaleTranslations();
    stop_ = CoreStop::Count;
    const std::uint64_t start = pc() | 1u;
    const uc_err error = uc_emu_start(uc_.get(), start, 0, 0, instructions);
    restoreFlash();
    dropStaleTranslations(); // what the flash controller changed while the core ran
    if (error != UC_ERR_OK)
        return CoreStop::Fault;
    return stop_; // Count also when a bus callback asked to stop (stopSoon)
}

void CortexCore::stopSoon() {
    uc_emu_stop(uc_.get());
}

void CortexCore::faultNow() {
    stop_ = CoreStop::Fault;
    uc_emu_stop(uc_.get());
}

std::uint32_t CortexCore::readRegister(unsigned selector) const {
    std::uint32_t value = 0;
    if (selector == regsel::special) {
        for (int i = 3; i >= 0; --i) {
            std::uint32_t part = 0;
            uc_reg_read(uc_.get(), kSpecialRegisters[i], &part);
            value = value << 8 | (part & 0xFF);
        }
        return value;
    }
    const int id = unicornRegister(selector);
    if (id != UC_ARM_REG_INVALID)
        uc_reg_read(uc_.get(), id, &value);
    if (selector == regsel::pc)
        value &= ~1u;
    return value;
}

void CortexCore::writeRegister(unsigned selector, std::uint32_t value) {
    if (selector == regsel::special) {
        for (int i = 0; i < 4; ++i) {
            std::uint32_t part = (value >> (8 * i)) & 0xFF;
            uc_reg_write(uc_.get(), kSpecialRegisters[i], &part);
        }
        return;
    }
    if (selector == regsel::pc)
        value |= 1u; // Unicorn takes the Thumb state from bit 0; M-profile stays in Thumb
    const int id = unicornRegister(selector);
    if (id != UC_ARM_REG_INVALID)
        uc_reg_write(uc_.get(), id, &value);
}

void CortexCore::reset(std::uint32_t stackPointer, std::uint32_t resetVector) {
    for (unsigned r = 0; r <= 12; ++r)
        writeRegister(r, 0);
    writeRegister(regsel::special, 0); // thread mode, MSP, no masks
    writeRegister(regsel::msp, stackPointer & ~3u);
    writeRegister(regsel::psp, 0);
    writeRegister(regsel::lr, 0xFFFFFFFF);
    writeRegister(regsel::pc, resetVector);
    writeRegister(regsel::xpsr, kThumbBit);
}

void CortexCore::setFlashReachable(bool reachable) {
    uc_mem_protect(uc_.get(), flashBase_, flash_.size(),
                   reachable ? UC_PROT_READ | UC_PROT_EXEC : UC_PROT_NONE);
    memoryChanged(flashBase_, flashBase_ + std::uint32_t(flash_.size()));
}

void CortexCore::setBreakpoints(const std::vector<std::uint32_t>& addresses) {
    for (uc_hook hook : breakpointHooks_)
        uc_hook_del(uc_.get(), hook);
    breakpointHooks_.clear();
    for (std::uint32_t address : addresses) {
        uc_hook hook = 0;
        if (uc_hook_add(uc_.get(), &hook, UC_HOOK_CODE, callback(&CortexCore::onBreakpoint), this,
                        std::uint64_t(address), std::uint64_t(address)) == UC_ERR_OK)
            breakpointHooks_.push_back(hook);
        memoryChanged(address, address + 4); // the hook applies once the code is translated again
    }
}

void CortexCore::memoryChanged(std::uint32_t begin, std::uint32_t end) {
    for (auto& range : stale_) {
        if (begin <= range.second && end >= range.first) { // overlapping or touching: merge
            range.first = std::min(range.first, begin);
            range.second = std::max(range.second, end);
            return;
        }
    }
    stale_.emplace_back(begin, end);
}

void CortexCore::dropStaleTranslations() {
    for (const auto& [begin, end] : stale_)
        uc_ctl_remove_cache(uc_.get(), std::uint64_t(begin), std::uint64_t(end));
    stale_.clear();
}

bool CortexCore::inFlash(std::uint64_t address) const {
    return address >= flashBase_ && address < std::uint64_t(flashBase_) + flash_.size();
}

void CortexCore::restoreFlash() {
    if (!pending_.active)
        return;
    std::memcpy(flash_.data() + pending_.offset, pending_.bytes, std::size_t(pending_.size));
    std::memset(pending_.bytes, 0, sizeof pending_.bytes); // it may have held key bytes
    pending_.active = false;
}

bool CortexCore::storeIntoFlash(std::uint32_t address, int size, std::uint32_t value) {
    restoreFlash();
    if (!inFlash(address) || size > 8 || !bus_.coreFlashWrite(address, unsigned(size), value))
        return false; // a bus error: the store faults
    // Unicorn stores the bytes anyway once this returns: keep what the controller left
    // there, to put it back before anything reads it.
    pending_.offset = address - flashBase_;
    pending_.size = size;
    std::memcpy(pending_.bytes, flash_.data() + pending_.offset, std::size_t(size));
    pending_.active = true;
    return true;
}

void CortexCore::onInterrupt(uc_engine* uc, std::uint32_t number, void* self) {
    auto* core = static_cast<CortexCore*>(self);
    core->stop_ = number == kBkptInterrupt ? CoreStop::Breakpoint : CoreStop::Fault;
    uc_emu_stop(uc);
}

bool CortexCore::onProtectedWrite(uc_engine*, uc_mem_type, std::uint64_t address, int size,
                                  std::int64_t value, void* self) {
    return static_cast<CortexCore*>(self)->storeIntoFlash(std::uint32_t(address), size,
                                                          std::uint32_t(value));
}

void CortexCore::onFlashRead(uc_engine*, uc_mem_type, std::uint64_t, int, std::int64_t,
                             void* self) {
    static_cast<CortexCore*>(self)->restoreFlash();
}

void CortexCore::onBreakpoint(uc_engine* uc, std::uint64_t, std::uint32_t, void* self) {
    static_cast<CortexCore*>(self)->stop_ = CoreStop::Breakpoint;
    uc_emu_stop(uc);
}

std::uint64_t CortexCore::onWindowRead(uc_engine*, std::uint64_t offset, unsigned size,
                                       void* window) {
    auto* w = static_cast<Window*>(window);
    w->core->restoreFlash();
    return w->core->bus_.coreRead(w->base + std::uint32_t(offset), size);
}

void CortexCore::onWindowWrite(uc_engine*, std::uint64_t offset, unsigned size, std::uint64_t value,
                               void* window) {
    auto* w = static_cast<Window*>(window);
    w->core->restoreFlash();
    w->core->bus_.coreWrite(w->base + std::uint32_t(offset), size, std::uint32_t(value));
}

} // namespace kps::mcuemu
