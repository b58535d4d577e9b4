// ADIv5 sequences, sent as raw CMSIS-DAP packets to the simulated probe: the SWD
// line protocol (JTAG-to-SWD, line reset, DPIDR first), the power-up handshake,
// sticky errors, AP selection, MEM-AP CSW/TAR/DRW incl. auto-increment wrap and
// packed transfers, halting the core, reset and the debug lock.
#include "kps/jigs/dap/dap_connect.hpp"
#include "kps/jigs/dap/dap_reset_target.hpp"
#include "kps/jigs/dap/dap_swj_sequence.hpp"
#include "kps/jigs/dap/dap_transfer.hpp"
#include "kps/jigs/dap/dap_transfer_configure.hpp"
#include "sim_fixture.hpp"

using namespace kps;
using namespace kps::jigs;
using namespace kps::jigs::dap;

namespace {

constexpr std::uint8_t dpRead(std::uint8_t a) {
    return registerRequest(Port::Dp, true, a);
}
constexpr std::uint8_t dpWrite(std::uint8_t a) {
    return registerRequest(Port::Dp, false, a);
}
constexpr std::uint8_t apRead(std::uint8_t a) {
    return registerRequest(Port::Ap, true, a);
}
constexpr std::uint8_t apWrite(std::uint8_t a) {
    return registerRequest(Port::Ap, false, a);
}

struct Raw {
    Raw()
        : probe(test::probeIdentity(), referenceTarget()) {
        probe.insert(test::blankEndpoint());
        command(encodeConnect(DebugPort::Swd));
    }
    std::vector<std::uint8_t> command(const Packet& packet) {
        std::vector<std::uint8_t> response(512);
        response.resize(probe.handle(packet, response).length);
        return response;
    }
    void switchToSwd() { command(encodeSwjSequence(kJtagToSwdBits, kJtagToSwdSequence)); }
    TransferResult transfer(std::vector<TransferItem> items) {
        auto result = decodeTransfer(command(encodeTransfer(items)), items);
        if (!result)
            qFatal("%s", result.error().message().c_str());
        return *result;
    }
    void powerUp() {
        switchToSwd();
        auto result = transfer({{dpRead(0x0)},
                                {dpWrite(0x4), 0x50000000},
                                {dpRead(0x4)},
                                {dpRead(0x4)},
                                {dpWrite(0x8), 0}});
        if (!result.ok(5))
            qFatal("power-up failed");
    }
    sim::SimulatedProbe probe;
};

} // namespace

class TstAdiv5Sim : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void nothingAnswersBeforeTheSwitchToSwd() {
        Raw raw;
        auto result = raw.transfer({{dpRead(0x0)}});
        QCOMPARE(result.executed, std::uint8_t(0));
        QCOMPARE(result.response, ack::noAck);
    }

    void afterALineResetOnlyDpidrIsAnswered() {
        Raw raw;
        raw.switchToSwd();
        auto refused = raw.transfer({{dpWrite(0x8), 0}});
        QCOMPARE(refused.response, ack::noAck);
        auto result = raw.transfer({{dpRead(0x0)}, {dpWrite(0x8), 0}});
        QVERIFY(result.ok(2));
        QCOMPARE(result.reads[0], referenceTarget().dpidr);
    }

    void powerUpHandshakeAndStickyErrors() {
        Raw raw;
        raw.switchToSwd();
        auto early = raw.transfer({{dpRead(0x0)}, {apRead(0xC)}}); // AP before power-up
        QCOMPARE(early.executed, std::uint8_t(1));
        QCOMPARE(early.response, ack::fault);
        auto status = raw.transfer({{dpRead(0x4)}});
        QVERIFY(status.reads[0] & (1u << 5)); // STICKYERR
        auto stillSticky = raw.transfer({{dpWrite(0x4), 0x50000000},
                                         {dpRead(0x4)},
                                         {dpRead(0x4)},
                                         {dpWrite(0x8), 0xF0},
                                         {apRead(0xC)}});
        QCOMPARE(stillSticky.executed, std::uint8_t(4));
        QCOMPARE(stillSticky.reads[0] & 0xA0000000u, 0u);          // ACKs follow one poll later
        QCOMPARE(stillSticky.reads[1] & 0xA0000000u, 0xA0000000u); // CDBGPWRUPACK, CSYSPWRUPACK
        QCOMPARE(stillSticky.response, ack::fault);                // STICKYERR still set
        auto cleared = raw.transfer({{dpWrite(0x0), 0x04}, {apRead(0xC)}, {dpRead(0x4)}});
        QVERIFY(cleared.ok(3));
        QCOMPARE(cleared.reads[0], referenceTarget().apIdr);
        QCOMPARE(cleared.reads[1] & (1u << 5), 0u);
    }

    void valueMatchWaitsForThePowerUpAcknowledge() {
        Raw raw;
        raw.command(encodeTransferConfigure({0, 64, 16}));
        raw.switchToSwd();
        auto result = raw.transfer({{dpRead(0x0)},
                                    {dpWrite(0x4), 0x50000000},
                                    {request::matchMask, 0xA0000000},
                                    {std::uint8_t(dpRead(0x4) | request::valueMatch), 0xA0000000}});
        QCOMPARE(result.response & ack::mismatch, 0); // matched within the retries
        raw.command(encodeTransferConfigure({0, 64, 0}));
        auto never = raw.transfer({{request::matchMask, 0xFFFFFFFF},
                                   {std::uint8_t(dpRead(0x4) | request::valueMatch), 0x12345678}});
        QCOMPARE(never.executed, std::uint8_t(1));
        QCOMPARE(never.response, std::uint8_t(ack::ok | ack::mismatch));
    }

    void apSelectionAndIdentification() {
        Raw raw;
        raw.powerUp();
        auto ap0 = raw.transfer({{dpWrite(0x8), 0x000000F0}, {apRead(0xC)}, {apRead(0x8)}});
        QVERIFY(ap0.ok(3));
        QCOMPARE(ap0.reads[0], referenceTarget().apIdr);   // bank 0xF, IDR at 0xFC
        QCOMPARE(ap0.reads[1], std::uint32_t(0xE00FF003)); // BASE: ROM table present
        auto ap1 = raw.transfer({{dpWrite(0x8), 0x010000F0}, {apRead(0xC)}});
        QVERIFY(ap1.ok(2));
        QCOMPARE(ap1.reads[0], std::uint32_t(0)); // no AP 1
    }

    void memApAutoIncrementWrapsWithin1KiB() {
        Raw raw;
        raw.powerUp();
        auto result = raw.transfer({{apWrite(0x0), 0xA2000012},
                                    {apWrite(0x4), 0x200003FC},
                                    {apWrite(0xC), 0x11111111},
                                    {apWrite(0xC), 0x22222222},
                                    {apRead(0x4)}});
        QVERIFY(result.ok(5));
        QCOMPARE(result.reads[0], std::uint32_t(0x20000004)); // wrapped to the 1 KiB start
        std::uint32_t word = 0;
        QVERIFY(raw.probe.endpoint()->busRead(0x200003FC, 4, word));
        QCOMPARE(word, std::uint32_t(0x11111111));
        QVERIFY(raw.probe.endpoint()->busRead(0x20000000, 4, word));
        QCOMPARE(word, std::uint32_t(0x22222222));
    }

    void packedByteAndHalfwordTransfers() {
        Raw raw;
        raw.powerUp();
        QVERIFY(raw.probe.endpoint()->busWrite(0x20000020, 4, 0xBEEF0000));
        auto bytes = raw.transfer({{apWrite(0x0), 0xA2000020}, // 8-bit, packed increment
                                   {apRead(0x0)},
                                   {apWrite(0x4), 0x20000010},
                                   {apWrite(0xC), 0x44332211},
                                   {apRead(0x4)},
                                   {apWrite(0x0), 0xA2000001 | 0x10}, // 16-bit, single increment
                                   {apWrite(0x4), 0x20000022},
                                   {apRead(0xC)}});
        QVERIFY(bytes.ok(8));
        QCOMPARE(bytes.reads[0] & 0x37u, 0x20u); // CSW kept size 8 and packed mode
        QCOMPARE(bytes.reads[1], std::uint32_t(0x20000014));
        std::uint32_t word = 0;
        QVERIFY(raw.probe.endpoint()->busRead(0x20000010, 4, word));
        QCOMPARE(word, std::uint32_t(0x44332211));
        QCOMPARE(bytes.reads[2], std::uint32_t(0xBEEF0000)); // halfword in lanes 2-3
    }

    void haltsTheCoreAndResets() {
        Raw raw;
        raw.powerUp();
        auto halt = raw.transfer({{apWrite(0x0), 0xA2000002},
                                  {apWrite(0x4), referenceTarget().dhcsr},
                                  {apWrite(0xC), 0xA05F0003},
                                  {apRead(0xC)}});
        QVERIFY(halt.ok(4));
        QVERIFY(halt.reads[0] & (1u << 17)); // S_HALT
        QVERIFY(raw.probe.endpoint()->halted());
        auto reset = decodeResetTarget(raw.command(encodeResetTarget()));
        QVERIFY(reset && *reset);
        QVERIFY(!raw.probe.endpoint()->halted());
    }

    void lockedEndpointRefusesFlashReads() {
        Raw raw;
        raw.probe.endpoint()->provisionDirectly(test::sampleRecord());
        raw.powerUp();
        const std::uint32_t optr = referenceTarget().flash.address(referenceTarget().flash.optr);
        auto result = raw.transfer({{apWrite(0x0), 0xA2000002},
                                    {apWrite(0x4), optr},
                                    {apRead(0xC)},
                                    {apWrite(0x4), referenceTarget().keyStoreAddress},
                                    {apRead(0xC)}});
        QCOMPARE(result.executed, std::uint8_t(4));
        QCOMPARE(result.reads[0] & 0xFFu, referenceTarget().lock.lockedLevel);
        QCOMPARE(result.response, ack::fault);
    }
};

QTEST_GUILESS_MAIN(TstAdiv5Sim)
#include "tst_adiv5_sim.moc"
