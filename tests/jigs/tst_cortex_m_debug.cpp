// Cortex-M debug over the MEM-AP, byte for byte: halt, core registers through
// DCRSR/DCRDR with S_REGRDY value-match polls, reset with a vector catch, and a run
// to a breakpoint with its time limit. The probe is scripted, so every request byte
// of every DAP_Transfer is compared.
#include "kps/jigs/cortex_m/breakpoint_run.hpp"
#include "kps/jigs/cortex_m/core_registers.hpp"
#include "kps/jigs/cortex_m/halt.hpp"
#include "kps/jigs/cortex_m/reset.hpp"
#include "scripted_probe.hpp"

#include <QTest>

using namespace kps;
using namespace kps::jigs;
using namespace kps::jigs::cortex_m;
using test::item;
using test::joined;
using Bytes = std::vector<std::uint8_t>;

namespace {

// Request bytes: DP write SELECT; AP bank 0 CSW, TAR, DRW; AP bank 1 BD0-BD3.
constexpr std::uint8_t kSelect = 0x08, kCsw = 0x01, kTar = 0x05, kDrwWrite = 0x0D, kDrwRead = 0x0F;
constexpr std::uint8_t kBd0Write = 0x01, kBd1Write = 0x05, kBd2Write = 0x09, kBd3Write = 0x0D;
constexpr std::uint8_t kBd2Read = 0x0B, kBd0Match = 0x13, kMatchMask = 0x20;

/// CSW word, TAR at the debug block, bank 1: what the first banked access costs.
Bytes intoDebugBlock() {
    return joined({item(kCsw, 0xA2000002), item(kTar, 0xE000EDF0), item(kSelect, 0x10)});
}

struct Bench {
    Bench() {
        if (!dap.open(4'000'000))
            qFatal("cannot open the scripted probe");
        probe.packets.clear();
    }
    test::ScriptedProbe probe;
    DapProbe dap{probe};
};

} // namespace

class TstCortexMDebug : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void haltWritesTheKeyAndWaitsForSHalt() {
        Bench bench;
        TransferQueue queue(bench.dap);
        adiv5::MemAp ap(queue);
        queueHalt(ap);
        QVERIFY(queue.flush());
        QCOMPARE(bench.probe.packets.size(), std::size_t(1));
        QCOMPARE(bench.probe.packets[0][0], std::uint8_t(0x05));
        QCOMPARE(bench.probe.packets[0][2], std::uint8_t(6)); // items
        QCOMPARE(bench.probe.transferItems(0),
                 joined({intoDebugBlock(), item(kBd0Write, 0xA05F0003),
                         item(kMatchMask, 0x00020000), item(kBd0Match, 0x00020000)}));
    }

    void coreRegistersGoThroughDcrsrAndDcrdr() {
        Bench bench;
        bench.probe.reads = {0x20000123};
        TransferQueue queue(bench.dap);
        adiv5::MemAp ap(queue);
        std::uint32_t pc = 0;
        queueWriteRegister(ap, CoreRegister::R0, 0x20001000);
        queueWriteRegister(ap, CoreRegister::Lr, 0x20000001);
        queueReadRegister(ap, CoreRegister::Pc, &pc);
        QVERIFY(queue.flush());
        QCOMPARE(pc, std::uint32_t(0x20000123));
        QCOMPARE(bench.probe.packets.size(), std::size_t(1));
        QCOMPARE(
            bench.probe.transferItems(0),
            joined({intoDebugBlock(),
                    // r0: value, select with REGWnR, S_REGRDY (mask set once)
                    item(kBd2Write, 0x20001000), item(kBd1Write, 0x00010000),
                    item(kMatchMask, 0x00010000), item(kBd0Match, 0x00010000),
                    // lr
                    item(kBd2Write, 0x20000001), item(kBd1Write, 0x0001000E),
                    item(kBd0Match, 0x00010000),
                    // pc: select without REGWnR, S_REGRDY, then the value
                    item(kBd1Write, 0x0000000F), item(kBd0Match, 0x00010000), item(kBd2Read)}));
        QCOMPARE(std::string(registerName(CoreRegister::Xpsr)), std::string("xpsr"));
    }

    void resetAndHaltCatchesTheResetVector() {
        Bench bench;
        TransferQueue queue(bench.dap);
        adiv5::MemAp ap(queue, 0, false); // SELECT unknown: written first
        queueResetAndHalt(ap);
        QVERIFY(queue.flush());
        QCOMPARE(bench.probe.transferItems(0),
                 joined({item(kSelect, 0), intoDebugBlock(), item(kBd0Write, 0xA05F0001),
                         item(kBd3Write, 0x00000401), // VC_CORERESET | VC_HARDERR
                         item(kSelect, 0), item(kTar, 0xE000ED0C),
                         item(kDrwWrite, 0x05FA0004), // AIRCR SYSRESETREQ
                         item(kTar, 0xE000EDF0), item(kSelect, 0x10), item(kMatchMask, 0x00020000),
                         item(kBd0Match, 0x00020000), item(kBd3Write, 0x00000400)}));
    }

    void systemResetAndRelease() {
        Bench bench;
        TransferQueue queue(bench.dap);
        adiv5::MemAp ap(queue);
        queueRelease(ap);
        queueSystemReset(ap);
        QVERIFY(queue.flush());
        QCOMPARE(bench.probe.transferItems(0),
                 joined({intoDebugBlock(), item(kBd0Write, 0xA05F0000), item(kSelect, 0),
                         item(kTar, 0xE000ED0C), item(kDrwWrite, 0x05FA0004)}));
    }

    void runToBreakpointResumesAndPollsUntilHalted() {
        Bench bench;
        bench.probe.mismatches = 2; // the core runs through two polls' match retries
        bench.probe.reads = {dfsr::kBreakpoint};
        auto halted = runToBreakpoint(bench.dap, 0, std::chrono::seconds(60), "erase");
        QVERIFY2(halted, halted ? "" : halted.error().message().c_str());
        QCOMPARE(halted->extraPolls, 2u);
        QCOMPARE(halted->dfsr, dfsr::kBreakpoint);
        QCOMPARE(bench.probe.packets.size(), std::size_t(4)); // resume + 3 polls
        QCOMPARE(bench.probe.transferItems(0),
                 joined({item(kSelect, 0), item(kCsw, 0xA2000002), item(kTar, 0xE000ED30),
                         item(kDrwWrite, 0x1F), // clear DFSR
                         item(kTar, 0xE000EDF0), item(kSelect, 0x10), item(kBd0Write, 0xA05F0001),
                         item(kSelect, 0)}));
        const Bytes poll = joined({item(kSelect, 0), intoDebugBlock(), item(kMatchMask, 0x00020000),
                                   item(kBd0Match, 0x00020000), item(kSelect, 0),
                                   item(kTar, 0xE000ED30), item(kDrwRead)});
        for (std::size_t i = 1; i < 4; ++i)
            QCOMPARE(bench.probe.transferItems(i), poll);
    }

    void aCoreThatNeverHaltsIsHaltedAndReported() {
        Bench bench;
        bench.probe.mismatches = 1;
        auto halted = runToBreakpoint(bench.dap, 0, std::chrono::milliseconds(0), "program");
        QVERIFY(!halted);
        QCOMPARE(halted.error().fault, JigFault::BreakpointTimeout);
        QCOMPARE(std::string(faultName(halted.error().fault)), std::string("bkpt-timeout"));
        QVERIFY(halted.error().hint.find("was halted") != std::string::npos);
        // resume, the poll that ran out, then the halt request
        QCOMPARE(bench.probe.packets.size(), std::size_t(3));
        QCOMPARE(bench.probe.transferItems(2),
                 joined({item(kSelect, 0), intoDebugBlock(), item(kBd0Write, 0xA05F0003),
                         item(kMatchMask, 0x00020000), item(kBd0Match, 0x00020000),
                         item(kSelect, 0)})); // bank 0 again for whoever comes next
    }

    void aHaltForAnotherReasonIsAFault() {
        Bench bench;
        bench.probe.reads = {dfsr::kVectorCatch}; // a hard fault caught, not the BKPT
        auto halted = runToBreakpoint(bench.dap, 0, std::chrono::seconds(1), "program");
        QVERIFY(!halted);
        QCOMPARE(halted.error().fault, JigFault::FlashProgram);
        QCOMPARE(halted.error().code, long(dfsr::kVectorCatch));
    }
};

QTEST_GUILESS_MAIN(TstCortexMDebug)
#include "tst_cortex_m_debug.moc"
