// The transfer queue: batching into DAP_Transfer packets, sending when a packet is
// full, DAP_TransferBlock for long runs, and naming the item that failed.
#include "kps/jigs/adiv5.hpp"
#include "sim_fixture.hpp"

using namespace kps;
using namespace kps::jigs;
using dap::CommandId;
using dap::Port;

namespace {

struct Link {
    explicit Link(std::uint16_t packetSize)
        : probe(test::probeIdentity(packetSize), referenceTarget())
        , transport(probe)
        , dap(transport) {
        probe.insert(test::blankEndpoint());
        if (!dap.open(4'000'000) || !dap.connectSwd() || !dap.switchToSwd())
            qFatal("cannot open the simulated probe");
        TransferQueue queue(dap);
        std::uint32_t dpidr = 0;
        adiv5::queueLinkUp(queue, 0, &dpidr);
        if (!queue.flush() || dpidr != referenceTarget().dpidr)
            qFatal("link up failed");
        transport.packets.clear();
    }
    sim::SimulatedProbe probe;
    test::RecordingTransport transport;
    DapProbe dap;
};

} // namespace

class TstTransferQueue : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void batchesAccessesIntoOnePacket() {
        Link link(512);
        TransferQueue queue(link.dap);
        adiv5::MemAp ap(queue);
        std::uint32_t back[4] = {};
        for (std::uint32_t i = 0; i < 4; ++i)
            ap.write(0x20000000 + 4 * i, 0x1000 + i, "write RAM");
        for (std::uint32_t i = 0; i < 4; ++i)
            ap.read(0x20000000 + 4 * i, &back[i], "read RAM");
        QCOMPARE(link.transport.packets.size(), std::size_t(0)); // nothing sent before a flush
        QVERIFY(queue.flush());
        QCOMPARE(link.transport.packets.size(), std::size_t(1));
        QCOMPARE(link.transport.packets[0][0], std::uint8_t(CommandId::Transfer));
        for (std::uint32_t i = 0; i < 4; ++i)
            QCOMPARE(back[i], 0x1000 + i);
    }

    void sendsWhenThePacketIsFull() {
        Link link(64);
        TransferQueue queue(link.dap);
        for (std::uint32_t i = 0; i < 20; ++i) // 20 writes of 5 bytes: 12 fit a 64-byte packet
            queue.write(Port::Dp, 0x8, 0, "write SELECT");
        QCOMPARE(link.transport.packets.size(), std::size_t(1)); // the full one left already
        QCOMPARE(link.transport.packets[0][2], std::uint8_t(12));
        QCOMPARE(link.transport.packets[0].size(), std::size_t(63));
        QVERIFY(queue.flush());
        QCOMPARE(link.transport.packets.size(), std::size_t(2));
        QCOMPARE(link.transport.packets[1][2], std::uint8_t(8));
        QCOMPARE(queue.packetsSent(), std::uint64_t(2));
    }

    void longRunsGoAsTransferBlock() {
        Link link(64);
        std::vector<std::uint32_t> words(40), back(40);
        for (std::size_t i = 0; i < words.size(); ++i)
            words[i] = 0xA5000000u + std::uint32_t(i);
        TransferQueue queue(link.dap);
        adiv5::MemAp ap(queue);
        ap.writeWords(0x20000100, words, "write RAM block");
        ap.readWords(0x20000100, back, "read RAM block");
        QVERIFY(queue.flush());
        QCOMPARE(back, words);
        // writes: 10 words top up the DAP_Transfer that carries CSW and TAR, the other 30 go
        // in 3 blocks of up to 14; reads: 15 top up the one carrying TAR, 25 in 2 blocks of 15
        QCOMPARE(link.transport.countOf(CommandId::TransferBlock), std::size_t(5));
        QCOMPARE(link.transport.countOf(CommandId::Transfer), std::size_t(2));
        std::uint32_t stored = 0;
        QVERIFY(link.probe.endpoint()->busRead(0x20000100 + 39 * 4, 4, stored));
        QCOMPARE(stored, 0xA5000000u + 39);
    }

    void runsCrossing1KiBReaimTar() {
        Link link(512);
        std::vector<std::uint32_t> words(8), back(8);
        for (std::size_t i = 0; i < words.size(); ++i)
            words[i] = std::uint32_t(i + 1);
        TransferQueue queue(link.dap);
        adiv5::MemAp ap(queue);
        ap.writeWords(0x200003F0, words, "write across 1 KiB"); // 4 words before the boundary
        ap.readWords(0x200003F0, back, "read across 1 KiB");
        QVERIFY(queue.flush());
        QCOMPARE(back, words);
        std::uint32_t stored = 0;
        QVERIFY(link.probe.endpoint()->busRead(0x20000400, 4, stored));
        QCOMPARE(stored, std::uint32_t(5));
    }

    void namesTheItemThatFailed() {
        Link link(512);
        TransferQueue queue(link.dap);
        adiv5::MemAp ap(queue);
        std::uint32_t value = 0;
        ap.write(0x20000000, 1, "write RAM");
        ap.read(0x30000000, &value, "read unmapped memory"); // bus error: FAULT
        ap.write(0x20000004, 2, "never sent");
        auto sent = queue.flush();
        QVERIFY(!sent);
        QCOMPARE(sent.error().fault, JigFault::SwdFault);
        QCOMPARE(sent.error().what, std::string("SWD transfer: read unmapped memory"));
        // items: CSW, TAR, DRW (write), TAR, DRW (the read that faults)
        QVERIFY2(sent.error().where.find("transfer item 4") != std::string::npos,
                 sent.error().where.c_str());
        std::uint32_t untouched = 0;
        QVERIFY(link.probe.endpoint()->busRead(0x20000004, 4, untouched));
        QCOMPARE(untouched, std::uint32_t(0));
        QVERIFY(queue.flush()); // the error was reported once; the queue is usable again
    }

    void valueMatchThatNeverMatches() {
        Link link(512);
        TransferQueue queue(link.dap);
        adiv5::MemAp ap(queue);
        ap.poll(0x20000000, 0xFFFFFFFF, 0xDEADBEEF, "wait for a value", JigFault::FlashProgram);
        auto sent = queue.flush();
        QVERIFY(!sent);
        QCOMPARE(sent.error().fault, JigFault::FlashProgram);
        QVERIFY(sent.error().code & dap::ack::mismatch);
    }

    void emptySocketIsNoTarget() {
        Link link(512);
        link.probe.remove();
        TransferQueue queue(link.dap);
        std::uint32_t dpidr = 0;
        queue.read(Port::Dp, 0x0, &dpidr, "read DPIDR");
        auto sent = queue.flush();
        QVERIFY(!sent);
        QCOMPARE(sent.error().fault, JigFault::NoTarget);
        QVERIFY(sent.error().hint.find("socket") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TstTransferQueue)
#include "tst_transfer_queue.moc"
