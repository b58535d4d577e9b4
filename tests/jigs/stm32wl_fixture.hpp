#pragma once
// Test helpers for the emulated STM32WLE5: an emulated MCU in a simulated probe's
// socket, reached the way the station reaches it (DAP commands -> SW-DP -> AHB-AP),
// with word reads and writes that report a bus error as a failure; and Thumb code
// for the core.
#include "kps/jigs/adiv5.hpp"
#include "kps/jigs/dap_probe.hpp"
#include "kps/jigs/sim/in_process_transport.hpp"
#include "kps/jigs/sim/simulated_probe.hpp"
#include "kps/mcuemu/stm32wl_mcu.hpp"
#include "sim_fixture.hpp"

#include <optional>

namespace kps::test {

namespace wl {
// RM0461 / stm32wle5xx.h addresses and values the tests use.
constexpr std::uint32_t kFlash = 0x08000000, kRam = 0x20000000;
constexpr std::uint32_t kFlashRegs = 0x58004000;
constexpr std::uint32_t kAcr = kFlashRegs + 0x00, kKeyr = kFlashRegs + 0x08;
constexpr std::uint32_t kOptkeyr = kFlashRegs + 0x0C, kSr = kFlashRegs + 0x10;
constexpr std::uint32_t kCr = kFlashRegs + 0x14, kOptr = kFlashRegs + 0x20;
constexpr std::uint32_t kKey1 = 0x45670123, kKey2 = 0xCDEF89AB;
constexpr std::uint32_t kOptKey1 = 0x08192A3B, kOptKey2 = 0x4C5D6E7F;
constexpr std::uint32_t kEop = 1u << 0, kOperr = 1u << 1, kProgerr = 1u << 3, kWrperr = 1u << 4;
constexpr std::uint32_t kPgaerr = 1u << 5, kSizerr = 1u << 6, kPgserr = 1u << 7;
constexpr std::uint32_t kBsy = 1u << 16, kCfgbsy = 1u << 18;
constexpr std::uint32_t kPg = 1u << 0, kPer = 1u << 1, kMer = 1u << 2, kStrt = 1u << 16;
constexpr std::uint32_t kOptstrt = 1u << 17, kEopie = 1u << 24, kErrie = 1u << 25;
constexpr std::uint32_t kOblLaunch = 1u << 27, kOptlock = 1u << 30, kLock = 1u << 31;
constexpr std::uint32_t kDhcsr = 0xE000EDF0, kDcrsr = 0xE000EDF4, kDcrdr = 0xE000EDF8;
constexpr std::uint32_t kDemcr = 0xE000EDFC, kAircr = 0xE000ED0C, kDfsr = 0xE000ED30;
constexpr std::uint32_t kCpuid = 0xE000ED00, kFpCtrl = 0xE0002000, kFpComp0 = 0xE0002008;
constexpr std::uint32_t kDbgmcuIdcode = 0xE0042000;
constexpr std::uint32_t kDebugKey = 0xA05F0000, kDebugEnable = 1, kHalt = 2, kStep = 4;
constexpr std::uint32_t kSHalt = 1u << 17, kSLockup = 1u << 19, kSResetSt = 1u << 25;
constexpr std::uint32_t kRegWrite = 1u << 16;

inline std::vector<std::uint8_t> thumb(std::initializer_list<std::uint16_t> halfwords) {
    std::vector<std::uint8_t> bytes;
    for (std::uint16_t h : halfwords) {
        bytes.push_back(std::uint8_t(h));
        bytes.push_back(std::uint8_t(h >> 8));
    }
    return bytes;
}
} // namespace wl

/// An emulated STM32WLE5 behind a simulated probe, linked up (SWD, powered, AP 0).
struct Stm32wlLink {
    explicit Stm32wlLink(mcuemu::Stm32wlOptions options = defaultOptions())
        : probe(probeIdentity(), jigs::stm32wle5Target())
        , transport(probe)
        , dap(transport) {
        auto made = mcuemu::Stm32wlMcu::create(jigs::stm32wle5Target(), std::move(options));
        if (!made)
            qFatal("cannot emulate the STM32WLE5: %s", made.error().message().c_str());
        mcu = made->get();
        probe.insert(std::move(*made));
        if (!dap.open(4'000'000) || !dap.connectSwd() || !dap.switchToSwd())
            qFatal("cannot open the simulated probe");
        linkUp();
    }
    static mcuemu::Stm32wlOptions defaultOptions() {
        mcuemu::Stm32wlOptions options;
        options.uniqueId = {0x21, 0x43, 0x65, 0x87, 1, 2, 3, 4, 5, 6, 7, 8};
        return options;
    }
    void linkUp() {
        jigs::TransferQueue queue(dap);
        jigs::adiv5::queueLinkUp(queue, 0, &dpidr);
        if (!queue.flush())
            qFatal("link up failed");
    }
    std::optional<std::uint32_t> read(std::uint32_t address) {
        jigs::TransferQueue queue(dap);
        jigs::adiv5::MemAp ap(queue);
        std::uint32_t value = 0;
        ap.read(address, &value, "test read");
        if (!queue.flush()) {
            clearErrors();
            return std::nullopt;
        }
        return value;
    }
    bool write(std::uint32_t address, std::uint32_t value) {
        jigs::TransferQueue queue(dap);
        jigs::adiv5::MemAp ap(queue);
        ap.write(address, value, "test write");
        if (queue.flush())
            return true;
        clearErrors();
        return false;
    }
    std::uint32_t must(std::uint32_t address) {
        const auto value = read(address);
        if (!value)
            qFatal("read of 0x%08x failed", address);
        return *value;
    }
    void clearErrors() {
        jigs::TransferQueue queue(dap);
        queue.write(jigs::dap::Port::Dp, jigs::adiv5::kDpAbort, jigs::adiv5::kAbortClearAll,
                    "clear sticky errors");
        (void)queue.flush();
    }
    bool unlockFlash() { return write(wl::kKeyr, wl::kKey1) && write(wl::kKeyr, wl::kKey2); }
    bool unlockOptions() {
        return write(wl::kOptkeyr, wl::kOptKey1) && write(wl::kOptkeyr, wl::kOptKey2);
    }
    // core registers through DCRSR/DCRDR (the core must be halted)
    std::uint32_t coreRegister(unsigned selector) {
        write(wl::kDcrsr, selector);
        return must(wl::kDcrdr);
    }
    void setCoreRegister(unsigned selector, std::uint32_t value) {
        write(wl::kDcrdr, value);
        write(wl::kDcrsr, selector | wl::kRegWrite);
    }
    bool halt() {
        return write(wl::kDhcsr, wl::kDebugKey | wl::kDebugEnable | wl::kHalt) &&
               (must(wl::kDhcsr) & wl::kSHalt);
    }
    void resume() { write(wl::kDhcsr, wl::kDebugKey | wl::kDebugEnable); }
    /// Loads Thumb code into RAM at `address` and halts the core there, ready to run.
    void loadAndAim(std::uint32_t address, const std::vector<std::uint8_t>& code,
                    std::uint32_t stack = wl::kRam + 0x8000) {
        halt();
        for (std::size_t i = 0; i < code.size(); i += 4) {
            std::uint32_t word = 0;
            for (std::size_t b = 0; b < 4 && i + b < code.size(); ++b)
                word |= std::uint32_t(code[i + b]) << (8 * b);
            write(address + std::uint32_t(i), word);
        }
        setCoreRegister(13, stack);
        setCoreRegister(15, address);
        setCoreRegister(16, 1u << 24); // xPSR: Thumb
    }

    jigs::sim::SimulatedProbe probe;
    jigs::sim::InProcessTransport transport;
    jigs::DapProbe dap;
    mcuemu::Stm32wlMcu* mcu = nullptr;
    std::uint32_t dpidr = 0;
};

} // namespace kps::test
