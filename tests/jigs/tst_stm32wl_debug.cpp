// The emulated STM32WLE5's core and debug registers, reached as the station reaches
// them (DAP commands -> SW-DP -> AHB-AP): identity, halt and resume, core registers
// through DCRSR/DCRDR, single step, BKPT and FPB breakpoints, vector catch on reset
// and hard fault, AIRCR reset, lockup; the injected faults of the core.
#include "stm32wl_fixture.hpp"

using namespace kps;
using namespace kps::test;
namespace w = kps::test::wl;

namespace {

// Thumb: movs r0,#0 ; loop: adds r0,#1 ; b loop
const auto kCounter = w::thumb({0x2000, 0x3001, 0xE7FD});
// movs r0,#7 ; movs r1,#9 ; bkpt #0 ; nop
const auto kToBreakpoint = w::thumb({0x2007, 0x2109, 0xBE00, 0xBF00});
// movs r1,#0x60 ; lsls r1,r1,#24 ; ldr r0,[r1] (0x60000000: nothing there) ; nop
const auto kBadLoad = w::thumb({0x2160, 0x0609, 0x6808, 0xBF00});

/// A vector table and `code` from 0x08000008 in flash (factory-programmed), powered on.
void flashProgram(mcuemu::Stm32wlMcu& mcu, const std::vector<std::uint8_t>& code) {
    std::vector<std::uint8_t> image = {0x00, 0x80, 0x00, 0x20,  // SP 0x20008000
                                       0x09, 0x00, 0x00, 0x08}; // reset 0x08000008 | Thumb
    image.insert(image.end(), code.begin(), code.end());
    mcu.writeFlashDirectly(w::kFlash, image);
    mcu.powerOnReset(); // the empty check sees the flash programmed: it boots from there
}

} // namespace

class TstStm32wlDebug : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void identity() {
        Stm32wlLink link;
        QCOMPARE(link.dpidr, std::uint32_t(0x6BA02477));
        QCOMPARE(link.must(w::kDbgmcuIdcode), std::uint32_t(0x10000497));
        QCOMPARE(link.must(w::kCpuid), std::uint32_t(0x410FC241));
        QCOMPARE(link.must(0x1FFF7584), std::uint32_t(0x0080E115));   // UID64: ST, STM32WL
        QCOMPARE(link.must(0x1FFF75E0) & 0xFFFF, std::uint32_t(256)); // FLASH_SIZE, KiB
        QCOMPARE(link.must(0x1FFF7590), std::uint32_t(0x87654321));   // the 96-bit UID
        QCOMPARE(link.must(0x1FFF7598), std::uint32_t(0x08070605));
        QVERIFY(!link.read(0x60000000)); // nothing there: a bus error
    }

    void haltsResumesAndRunsPerSwdAccess() {
        Stm32wlLink link;
        link.loadAndAim(w::kRam, kCounter);
        link.resume();
        QVERIFY(!(link.must(w::kDhcsr) & w::kSHalt));
        for (int i = 0; i < 10; ++i)
            link.must(w::kDhcsr); // every SWD access lets the core run on
        QVERIFY(link.halt());
        QVERIFY(link.must(w::kDfsr) & 1); // HALTED
        const std::uint32_t counted = link.coreRegister(0);
        QVERIFY2(counted > 1000, qPrintable(QString::number(counted)));
        // halted, the core stands still however many accesses come
        for (int i = 0; i < 10; ++i)
            link.must(w::kDhcsr);
        QCOMPARE(link.coreRegister(0), counted);
        QCOMPARE(link.mcu->coreState(), mcuemu::McuCoreState::Halted);
    }

    void readsAndWritesCoreRegisters() {
        Stm32wlLink link;
        QVERIFY(link.halt());
        for (unsigned r = 0; r <= 12; ++r)
            link.setCoreRegister(r, 0x1000u * r + 0xA5);
        link.setCoreRegister(14, 0xFFFFFFF9); // LR
        link.setCoreRegister(15, 0x20000100); // PC
        link.setCoreRegister(16, 0x81000000); // xPSR: N, Thumb
        link.setCoreRegister(17, 0x20007F00); // MSP
        link.setCoreRegister(18, 0x20006F00); // PSP
        link.setCoreRegister(20, 0x00012001); // FAULTMASK 1, BASEPRI 0x20, PRIMASK 1
        for (unsigned r = 0; r <= 12; ++r)
            QCOMPARE(link.coreRegister(r), 0x1000u * r + 0xA5);
        QCOMPARE(link.coreRegister(14), std::uint32_t(0xFFFFFFF9));
        QCOMPARE(link.coreRegister(15), std::uint32_t(0x20000100));
        QCOMPARE(link.coreRegister(16), std::uint32_t(0x81000000));
        QCOMPARE(link.coreRegister(17), std::uint32_t(0x20007F00));
        QCOMPARE(link.coreRegister(13), std::uint32_t(0x20007F00)); // SP is MSP (CONTROL 0)
        QCOMPARE(link.coreRegister(18), std::uint32_t(0x20006F00));
        QCOMPARE(link.coreRegister(20), std::uint32_t(0x00012001));
    }

    void stepsOneInstruction() {
        Stm32wlLink link;
        link.loadAndAim(w::kRam, kCounter);
        link.setCoreRegister(0, 0x55);
        link.write(w::kDhcsr, w::kDebugKey | w::kDebugEnable | w::kStep);
        QVERIFY(link.must(w::kDhcsr) & w::kSHalt);
        QCOMPARE(link.coreRegister(15), w::kRam + 2);
        QCOMPARE(link.coreRegister(0), std::uint32_t(0)); // movs r0,#0 ran, nothing more
        link.write(w::kDhcsr, w::kDebugKey | w::kDebugEnable | w::kStep);
        QCOMPARE(link.coreRegister(15), w::kRam + 4);
        QCOMPARE(link.coreRegister(0), std::uint32_t(1));
    }

    void haltsOnBkpt() {
        Stm32wlLink link;
        link.loadAndAim(w::kRam, kToBreakpoint);
        link.write(w::kDfsr, 0x1F);
        link.resume();
        const std::uint32_t status = link.must(w::kDhcsr); // the first access ran into it
        QVERIFY(status & w::kSHalt);
        QVERIFY(status & w::kHalt); // entering debug state sets C_HALT (OpenOCD relies on it)
        QCOMPARE(link.must(w::kDfsr) & 0x1F, std::uint32_t(2)); // BKPT
        QCOMPARE(link.coreRegister(15), w::kRam + 4);           // on the BKPT instruction
        QCOMPARE(link.coreRegister(0), std::uint32_t(7));
        QCOMPARE(link.coreRegister(1), std::uint32_t(9));
    }

    void runsCodeTheDebuggerReplaced() {
        Stm32wlLink link; // a second algorithm at the same RAM address runs as written
        link.loadAndAim(w::kRam, w::thumb({0x2007, 0xBE00})); // movs r0,#7 ; bkpt
        link.resume();
        QVERIFY(link.must(w::kDhcsr) & w::kSHalt);
        QCOMPARE(link.coreRegister(0), std::uint32_t(7));
        link.loadAndAim(w::kRam, w::thumb({0x2009, 0xBE00})); // movs r0,#9 ; bkpt
        link.resume();
        QVERIFY(link.must(w::kDhcsr) & w::kSHalt);
        QCOMPARE(link.coreRegister(0), std::uint32_t(9));
    }

    void haltsOnFpbBreakpointAndVectorCatch() {
        Stm32wlLink link;
        // movs r0,#0 ; a: adds r0,#1 ; b: adds r0,#1 ; b a
        flashProgram(*link.mcu, w::thumb({0x2000, 0x3001, 0x3001, 0xE7FC}));
        QVERIFY(link.write(w::kDhcsr, w::kDebugKey | w::kDebugEnable));
        QVERIFY(link.write(w::kDemcr, 1)); // VC_CORERESET
        QVERIFY(link.write(w::kAircr, 0x05FA0004));
        const std::uint32_t status = link.must(w::kDhcsr);
        QVERIFY(status & w::kSHalt);
        QVERIFY(status & w::kSResetSt);
        QVERIFY(!(link.must(w::kDhcsr) & w::kSResetSt)); // sticky: cleared by the read
        QVERIFY(link.must(w::kDfsr) & 8);                // VCATCH
        QCOMPARE(link.coreRegister(15), std::uint32_t(0x08000008));
        QCOMPARE(link.coreRegister(13), std::uint32_t(0x20008000));
        QCOMPARE(link.must(w::kFpCtrl) & 0xFF0, std::uint32_t(0x260)); // 6 code, 2 literal
        QVERIFY(link.write(w::kFpCtrl, 3));                            // KEY | ENABLE
        QVERIFY(link.write(w::kFpComp0, 0x4800000C | 1));              // 0x0800000C, lower
        link.write(w::kDfsr, 0x1F);
        link.resume();
        QVERIFY(link.must(w::kDhcsr) & w::kSHalt);
        QCOMPARE(link.coreRegister(15), std::uint32_t(0x0800000C));
        QCOMPARE(link.coreRegister(0), std::uint32_t(1));
        QCOMPARE(link.must(w::kDfsr) & 0x1F, std::uint32_t(2));
        link.resume(); // resumed on the breakpoint address: halts again at once, as the FPB does
        QVERIFY(link.must(w::kDhcsr) & w::kSHalt);
        QCOMPARE(link.coreRegister(0), std::uint32_t(1));
    }

    void aircrNeedsItsKeyAndResetsTheSystem() {
        Stm32wlLink link;
        flashProgram(*link.mcu, kCounter);
        QVERIFY(link.unlockFlash());
        QCOMPARE(link.must(w::kCr) & w::kLock, std::uint32_t(0));
        QVERIFY(link.write(w::kAircr, 0x00000004)); // no VECTKEY: ignored
        QCOMPARE(link.must(w::kCr) & w::kLock, std::uint32_t(0));
        QCOMPARE(link.must(w::kAircr) >> 16, std::uint32_t(0xFA05));
        QVERIFY(link.write(w::kAircr, 0x05FA0004)); // SYSRESETREQ: the controller locks again
        QCOMPARE(link.must(w::kCr), w::kLock | w::kOptlock);
        QCOMPARE(link.mcu->coreState(), mcuemu::McuCoreState::Running);
    }

    void faultLocksUpOrHaltsOnHardFaultCatch() {
        Stm32wlLink link;
        link.loadAndAim(w::kRam, kBadLoad);
        link.resume();
        QVERIFY(link.must(w::kDhcsr) & w::kSLockup);
        QCOMPARE(link.mcu->coreState(), mcuemu::McuCoreState::LockedUp);
        link.loadAndAim(w::kRam, kBadLoad);
        QVERIFY(link.write(w::kDemcr, 1u << 10)); // VC_HARDERR
        link.write(w::kDfsr, 0x1F);
        link.resume();
        QVERIFY(link.must(w::kDhcsr) & w::kSHalt);
        QCOMPARE(link.must(w::kDfsr) & 0x1F, std::uint32_t(8)); // VCATCH
    }

    void injectedBkptTimeoutNeverHalts() {
        jigs::sim::FaultInjector faults(
            jigs::sim::FaultRates{}.set(jigs::sim::FaultKind::BkptTimeout, 1.0), 7);
        auto options = Stm32wlLink::defaultOptions();
        options.faults = &faults;
        Stm32wlLink link(options);
        link.loadAndAim(w::kRam, kToBreakpoint);
        link.resume();
        for (int i = 0; i < 20; ++i)
            QVERIFY(!(link.must(w::kDhcsr) & w::kSHalt));
        QCOMPARE(link.mcu->coreState(), mcuemu::McuCoreState::Hung);
        QVERIFY(link.halt()); // a debugger can still stop it
        QCOMPARE(link.coreRegister(0), std::uint32_t(0));
        QCOMPARE(faults.injected(jigs::sim::FaultKind::BkptTimeout), std::uint64_t(1));
    }

    void injectedWrongIdcodeIsAnotherPart() {
        jigs::sim::FaultInjector faults(
            jigs::sim::FaultRates{}.set(jigs::sim::FaultKind::WrongIdcode, 1.0), 7);
        auto options = Stm32wlLink::defaultOptions();
        options.faults = &faults;
        Stm32wlLink link(options);
        QCOMPARE(link.must(w::kDbgmcuIdcode) & 0xFFF, std::uint32_t(0x495));
        auto other = Stm32wlLink::defaultOptions();
        other.dpidr = 0x0BC11477; // a Cortex-M0+ debug port
        Stm32wlLink foreign(other);
        QCOMPARE(foreign.dpidr, std::uint32_t(0x0BC11477));
    }
};

QTEST_GUILESS_MAIN(TstStm32wlDebug)
#include "tst_stm32wl_debug.moc"
