// The emulated STM32WLE5's flash controller as RM0461 describes it, byte for byte
// through the debugger: the locks and their key sequences, page and mass erase,
// double-word programming with its error flags (PROGERR, PGAERR, SIZERR, PGSERR,
// WRPERR; EOP and OPERR only when enabled), BSY and CFGBSY over the datasheet's
// times, the empty check, the option bytes (OPTSTRT, OBL_LAUNCH) and readout protection
// levels 1 and 2.
#include "kps/jigs/dap/dap_transfer_configure.hpp"
#include "stm32wl_fixture.hpp"

using namespace kps;
using namespace kps::test;
namespace w = kps::test::wl;

namespace {

constexpr std::uint32_t kPage5 = w::kFlash + 5 * 2048;

/// Page erase of `page` with the controller unlocked; returns SR afterwards.
std::uint32_t erasePage(Stm32wlLink& link, std::uint32_t page, std::uint32_t extra = 0) {
    link.write(w::kCr, w::kPer | (page << 3) | extra);
    link.write(w::kCr, w::kPer | (page << 3) | extra | w::kStrt);
    return link.must(w::kSr);
}

bool programDoubleWord(Stm32wlLink& link, std::uint32_t address, std::uint32_t low,
                       std::uint32_t high) {
    return link.write(w::kCr, w::kPg) && link.write(address, low) && link.write(address + 4, high);
}

} // namespace

class TstStm32wlFlash : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void lockedUntilTheKeySequence() {
        Stm32wlLink link;
        QCOMPARE(link.must(w::kCr), w::kLock | w::kOptlock); // reset value 0xC0000000
        QCOMPARE(link.must(w::kSr), std::uint32_t(0));
        QCOMPARE(link.must(w::kAcr), std::uint32_t(0x00010600)); // ICEN DCEN, EMPTY (blank)
        QVERIFY(link.write(w::kCr, w::kPg));                     // ignored while locked
        QCOMPARE(link.must(w::kCr), w::kLock | w::kOptlock);
        QVERIFY(!link.write(w::kOptkeyr, w::kOptKey1)); // option keys need LOCK cleared first
        QVERIFY(!link.unlockFlash()); // ... and that wrong sequence locked the controller
        QCOMPARE(link.must(w::kCr), w::kLock | w::kOptlock);
        QVERIFY(link.write(w::kAircr, 0x05FA0004)); // until the next reset
        QVERIFY(link.unlockFlash());
        QCOMPARE(link.must(w::kCr), w::kOptlock);
        QCOMPARE(link.must(w::kKeyr), std::uint32_t(0)); // key registers read as zero
        QVERIFY(link.unlockOptions());
        QCOMPARE(link.must(w::kCr), std::uint32_t(0));
        QVERIFY(link.write(w::kCr, w::kLock)); // LOCK is set-only; OPTLOCK stays as it was
        QCOMPARE(link.must(w::kCr), w::kLock);
    }

    void wrongKeyIsABusError() {
        Stm32wlLink link;
        QVERIFY(link.write(w::kKeyr, w::kKey1));
        QVERIFY(!link.write(w::kKeyr, 0x12345678));
        QVERIFY(!link.unlockFlash());
        QCOMPARE(link.must(w::kCr) & w::kLock, w::kLock);
    }

    void erasesAndProgramsDoubleWords() {
        Stm32wlLink link;
        QVERIFY(link.unlockFlash());
        QVERIFY(programDoubleWord(link, kPage5, 0x11223344, 0x55667788));
        QCOMPARE(link.must(w::kSr), std::uint32_t(0)); // no EOP without EOPIE
        QCOMPARE(link.must(kPage5), std::uint32_t(0x11223344));
        QCOMPARE(link.must(kPage5 + 4), std::uint32_t(0x55667788));
        QCOMPARE(link.mcu->flash()[5 * 2048], std::uint8_t(0x44));
        link.write(w::kCr, w::kPg | w::kEopie);
        link.write(kPage5 + 8, 0xCAFEF00D);
        QCOMPARE(link.must(w::kSr), w::kCfgbsy); // half a double word is in
        link.write(kPage5 + 12, 0x0BADBEEF);
        QCOMPARE(link.must(w::kSr), w::kEop);
        link.write(w::kSr, w::kEop); // write 1 to clear
        QCOMPARE(link.must(w::kSr), std::uint32_t(0));
        QCOMPARE(erasePage(link, 5, w::kEopie), w::kEop);
        QCOMPARE(link.must(w::kCr) & w::kStrt, std::uint32_t(0)); // STRT clears when done
        for (std::uint32_t offset = 0; offset < 16; offset += 4)
            QCOMPARE(link.must(kPage5 + offset), std::uint32_t(0xFFFFFFFF));
        const auto statistics = link.mcu->flashStatistics();
        QCOMPARE(statistics.doubleWords, std::uint64_t(2));
        QCOMPARE(statistics.pageErases, std::uint64_t(1));
        QCOMPARE(statistics.modelledNanoseconds, std::uint64_t(22'000'000 + 2 * 81'700));
        QCOMPARE(statistics.chargedNanoseconds, std::uint64_t(0)); // time scale 0
    }

    void programmingErrors() {
        Stm32wlLink link;
        QVERIFY(link.unlockFlash());
        QVERIFY(programDoubleWord(link, kPage5, 1, 2));
        QVERIFY(programDoubleWord(link, kPage5, 3, 4)); // not erased: PROGERR
        QCOMPARE(link.must(w::kSr), w::kProgerr);
        QCOMPARE(link.must(kPage5), std::uint32_t(1));
        link.write(w::kSr, w::kProgerr);
        QVERIFY(programDoubleWord(link, kPage5, 0, 0)); // all zeros over data is allowed
        QCOMPARE(link.must(w::kSr), std::uint32_t(0));
        QCOMPARE(link.must(kPage5 + 4), std::uint32_t(0));
        link.write(kPage5 + 12, 5); // the first word of a double word must be aligned
        QCOMPARE(link.must(w::kSr), w::kPgaerr | w::kPgserr);
        link.write(w::kSr, 0xFF);
        link.write(kPage5 + 16, 6);
        link.write(kPage5 + 24, 7); // the second word elsewhere
        QCOMPARE(link.must(w::kSr), w::kPgaerr | w::kPgserr);
        link.write(w::kSr, 0xFF);
        jigs::TransferQueue queue(link.dap); // a halfword write: SIZERR
        jigs::adiv5::MemAp ap(queue);
        queue.write(jigs::dap::Port::Ap, jigs::adiv5::kApCsw, 0xA2000001, "halfword");
        queue.write(jigs::dap::Port::Ap, jigs::adiv5::kApTar, kPage5 + 32, "aim");
        queue.write(jigs::dap::Port::Ap, jigs::adiv5::kApDrw, 0xBEEF, "data");
        QVERIFY(queue.flush());
        QCOMPARE(link.must(w::kSr), w::kSizerr | w::kPgserr);
        QVERIFY(link.write(kPage5 + 40, 8)); // while an error is pending: PGSERR, nothing
        QCOMPARE(link.must(kPage5 + 40), std::uint32_t(0xFFFFFFFF));
        link.write(w::kSr, 0xFF);
        link.write(w::kCr, 0);
        QVERIFY(link.write(kPage5 + 48, 9)); // no PG: PGSERR, not a bus error
        QCOMPARE(link.must(w::kSr), w::kPgserr);
    }

    void theCoreProgramsThroughTheController() {
        // As a flash algorithm does: PG, two word stores, wait for BSY, read back, BKPT.
        // r0 address, r1/r2 data, r4 &FLASH_CR, r5 &FLASH_SR
        const auto algorithm = w::thumb({0x2301,   // movs r3,#1 (PG)
                                         0x6023,   // str r3,[r4]
                                         0x6001,   // str r1,[r0]
                                         0x6042,   // str r2,[r0,#4]
                                         0x682B,   // loop: ldr r3,[r5]
                                         0x03DB,   // lsls r3,r3,#15 (BSY into N)
                                         0xD4FC,   // bmi loop
                                         0x6806,   // ldr r6,[r0]
                                         0x6847,   // ldr r7,[r0,#4]
                                         0xBE00}); // bkpt
        Stm32wlLink link;
        QVERIFY(link.unlockFlash());
        link.loadAndAim(w::kRam + 0x100, algorithm);
        link.setCoreRegister(0, kPage5 + 8);
        link.setCoreRegister(1, 0xA1B2C3D4);
        link.setCoreRegister(2, 0x01020304);
        link.setCoreRegister(4, w::kCr);
        link.setCoreRegister(5, w::kSr);
        link.setCoreRegister(6, 0);
        link.resume();
        QVERIFY(link.must(w::kDhcsr) & w::kSHalt);                 // at its BKPT
        QCOMPARE(link.coreRegister(6), std::uint32_t(0xA1B2C3D4)); // the core reads it back
        QCOMPARE(link.coreRegister(7), std::uint32_t(0x01020304));
        QCOMPARE(link.must(kPage5 + 8), std::uint32_t(0xA1B2C3D4));
        QCOMPARE(link.must(kPage5 + 12), std::uint32_t(0x01020304));
        QCOMPARE(link.must(w::kSr), std::uint32_t(0));
        link.setCoreRegister(15, w::kRam + 0x100); // again over the programmed double word
        link.resume();
        QVERIFY(link.must(w::kDhcsr) & w::kSHalt);
        QCOMPARE(link.must(w::kSr), w::kProgerr);
        QCOMPARE(link.coreRegister(6), std::uint32_t(0xA1B2C3D4)); // unchanged
    }

    void eraseSequenceErrors() {
        Stm32wlLink link;
        QVERIFY(link.unlockFlash());
        link.write(w::kCr, w::kStrt); // neither PER nor MER
        QCOMPARE(link.must(w::kSr), w::kPgserr);
        QCOMPARE(erasePage(link, 5), w::kPgserr); // an earlier error not cleared
        link.write(w::kSr, w::kPgserr);
        link.write(w::kCr, w::kErrie);
        link.write(w::kCr, w::kErrie | w::kStrt);
        QCOMPARE(link.must(w::kSr), w::kPgserr | w::kOperr); // OPERR with ERRIE only
    }

    void massErase() {
        Stm32wlLink link;
        QVERIFY(link.unlockFlash());
        QVERIFY(programDoubleWord(link, w::kFlash, 1, 2));
        QVERIFY(programDoubleWord(link, w::kFlash + 0x3F800, 3, 4));
        link.write(w::kCr, w::kMer);
        link.write(w::kCr, w::kMer | w::kStrt);
        QCOMPARE(link.must(w::kFlash), std::uint32_t(0xFFFFFFFF));
        QCOMPARE(link.must(w::kFlash + 0x3F800), std::uint32_t(0xFFFFFFFF));
        QCOMPARE(link.mcu->flashStatistics().massErases, std::uint64_t(1));
    }

    void busyForTheDatasheetTimes() {
        std::uint64_t now = 1'000'000;
        auto options = Stm32wlLink::defaultOptions();
        options.flashTimeScale = 1.0;
        options.clock = [&now] {
            return now;
        };
        Stm32wlLink link(options);
        QVERIFY(link.unlockFlash());
        QCOMPARE(erasePage(link, 5, w::kEopie), w::kBsy);
        QCOMPARE(link.must(w::kCr) & w::kStrt, w::kStrt);
        now += 21'999'999;
        QCOMPARE(link.must(w::kSr), w::kBsy);
        now += 1;
        QCOMPARE(link.must(w::kSr), w::kEop);
        link.write(w::kSr, w::kEop);
        QVERIFY(programDoubleWord(link, kPage5, 1, 2));
        QCOMPARE(link.must(w::kSr), w::kBsy | w::kCfgbsy);
        now += 81'700;
        QCOMPARE(link.must(w::kSr), std::uint32_t(0));
        QCOMPARE(link.mcu->flashStatistics().chargedNanoseconds,
                 std::uint64_t(22'000'000 + 81'700));
    }

    void busyOnTheWiresClock() {
        auto options = Stm32wlLink::defaultOptions();
        options.flashTimeScale = 1.0;
        options.clockSource = mcuemu::McuClock::Wire; // 11.5 us per SWD access
        Stm32wlLink link(options);
        // a 22 ms erase needs about 1,900 value-match retries at 11.5 us each
        QVERIFY(link.dap.command(jigs::dap::encodeTransferConfigure({0, 64, 4000})));
        QVERIFY(link.unlockFlash());
        link.write(w::kCr, w::kPer | (5u << 3));
        const std::uint64_t before = link.mcu->wireNanoseconds();
        jigs::TransferQueue queue(link.dap);
        jigs::adiv5::MemAp ap(queue);
        ap.write(w::kCr, w::kPer | (5u << 3) | w::kStrt, "erase page 5");
        ap.poll(w::kSr, w::kBsy, 0, "wait for the erase", jigs::JigFault::FlashProgram);
        auto polled = queue.flush(); // the probe's value match retried until BSY cleared
        QVERIFY2(polled, polled ? "" : polled.error().message().c_str());
        const std::uint64_t waited = link.mcu->wireNanoseconds() - before;
        QVERIFY2(waited >= 22'000'000 && waited < 22'200'000, qPrintable(QString::number(waited)));
    }

    void emptyCheckChoosesTheBootMemory() {
        Stm32wlLink link;
        QVERIFY(link.halt()); // blank at power-on: the bootloader runs
        QCOMPARE(link.coreRegister(15), std::uint32_t(0x1FFF0100));
        QVERIFY(link.unlockFlash());
        QVERIFY(programDoubleWord(link, w::kFlash, 0x20008000, 0x08000009));
        QVERIFY(link.write(w::kAircr, 0x05FA0004)); // EMPTY holds over a system reset
        QVERIFY(link.halt());
        QCOMPARE(link.coreRegister(15), std::uint32_t(0x1FFF0100));
        QCOMPARE(link.must(w::kAcr) & (1u << 16), 1u << 16);
        QVERIFY(link.write(w::kAcr, 0x00000600)); // software clears EMPTY
        QVERIFY(link.write(w::kDemcr, 1));        // VC_CORERESET
        QVERIFY(link.write(w::kAircr, 0x05FA0004));
        QCOMPARE(link.coreRegister(15), std::uint32_t(0x08000008)); // the flash's reset vector
    }

    void optionBytesAndReadoutProtection() {
        Stm32wlLink link;
        QVERIFY(link.unlockFlash());
        QVERIFY(programDoubleWord(link, w::kFlash, 0x20008000, 0x08000009));
        QCOMPARE(link.must(w::kOptr), std::uint32_t(0x3FFFF0AA)); // as delivered
        QVERIFY(link.write(w::kOptr, 0x3FFFF0BB));                // ignored while OPTLOCK
        QCOMPARE(link.must(w::kOptr), std::uint32_t(0x3FFFF0AA));
        QVERIFY(link.unlockOptions());
        QVERIFY(link.write(w::kOptr, 0x3FFFF0BB));
        link.write(w::kCr, w::kOptstrt | w::kEopie);
        QCOMPARE(link.must(w::kSr), w::kEop);
        QVERIFY(!link.mcu->locked()); // stored, not loaded yet
        QCOMPARE(link.must(w::kFlash), std::uint32_t(0x20008000));
        QVERIFY(link.write(w::kCr, w::kOblLaunch)); // loads the options, resets the MCU
        QVERIFY(link.mcu->locked());
        QCOMPARE(link.must(w::kOptr), std::uint32_t(0x3FFFF0BB));
        QCOMPARE(link.must(w::kCr), w::kLock | w::kOptlock);
        QVERIFY(!link.read(w::kFlash)); // level 1: the debugger gets a bus error
        QVERIFY(!link.read(w::kFlash + 0x3F800));
        QVERIFY(!link.write(w::kFlash, 0));
        QCOMPARE(link.mcu->coreState(), mcuemu::McuCoreState::LockedUp); // no vector fetch
        QVERIFY(link.must(0x1FFF7590)); // the unique ID stays readable
        link.mcu->powerOnReset();       // in the field: the firmware runs
        QCOMPARE(link.mcu->coreState(), mcuemu::McuCoreState::Running);
        QVERIFY(link.mcu->locked());
    }

    void backToLevelZeroMassErases() {
        Stm32wlLink link;
        link.mcu->provisionDirectly(sampleRecord());
        link.clearErrors();
        QVERIFY(link.mcu->locked());
        QVERIFY(!link.read(0x0803F800));
        QVERIFY(link.unlockFlash());
        QVERIFY(link.unlockOptions());
        QVERIFY(link.write(w::kOptr, 0x3FFFF0AA));
        link.write(w::kCr, w::kOptstrt);
        QVERIFY(std::all_of(link.mcu->flash().begin(), link.mcu->flash().end(),
                            [](std::uint8_t b) { return b == 0xFF; }));
        QVERIFY(link.write(w::kCr, w::kOblLaunch));
        QVERIFY(!link.mcu->locked());
        QCOMPARE(link.must(0x0803F800), std::uint32_t(0xFFFFFFFF));
    }

    void levelTwoDisablesTheDebugPort() {
        Stm32wlLink link;
        QVERIFY(link.unlockFlash());
        QVERIFY(link.unlockOptions());
        QVERIFY(link.write(w::kOptr, 0x3FFFF0CC));
        link.write(w::kCr, w::kOptstrt);
        link.write(w::kCr, w::kOblLaunch);
        QVERIFY(!link.mcu->debugPortEnabled());
        jigs::TransferQueue queue(link.dap);
        std::uint32_t dpidr = 0;
        queue.read(jigs::dap::Port::Dp, jigs::adiv5::kDpIdr, &dpidr, "DPIDR");
        auto silent = queue.flush();
        QVERIFY(!silent);
        QCOMPARE(silent.error().fault, jigs::JigFault::NoTarget);
    }

    void injectedFlashFaults() {
        jigs::sim::FaultInjector faults(
            jigs::sim::FaultRates{}.set(jigs::sim::FaultKind::FlashProgram, 1.0), 3);
        auto options = Stm32wlLink::defaultOptions();
        options.faults = &faults;
        Stm32wlLink link(options);
        QVERIFY(link.unlockFlash());
        QVERIFY(programDoubleWord(link, kPage5, 1, 2));
        QCOMPARE(link.must(w::kSr), w::kProgerr);
        QCOMPARE(link.must(kPage5), std::uint32_t(0xFFFFFFFF));
    }
};

QTEST_GUILESS_MAIN(TstStm32wlFlash)
#include "tst_stm32wl_flash.moc"
