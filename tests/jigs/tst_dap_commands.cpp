// Every CMSIS-DAP command the station uses, byte for byte: the request it encodes
// and what it makes of well-formed, failing and malformed responses.
#include "kps/jigs/dap/dap_connect.hpp"
#include "kps/jigs/dap/dap_disconnect.hpp"
#include "kps/jigs/dap/dap_host_status.hpp"
#include "kps/jigs/dap/dap_info.hpp"
#include "kps/jigs/dap/dap_reset_target.hpp"
#include "kps/jigs/dap/dap_swj_clock.hpp"
#include "kps/jigs/dap/dap_swj_pins.hpp"
#include "kps/jigs/dap/dap_swj_sequence.hpp"
#include "kps/jigs/dap/dap_transfer.hpp"
#include "kps/jigs/dap/dap_transfer_block.hpp"
#include "kps/jigs/dap/dap_transfer_configure.hpp"

#include <QTest>

using namespace kps::jigs;
using namespace kps::jigs::dap;
using Bytes = std::vector<std::uint8_t>;

class TstDapCommands : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void info() {
        QCOMPARE(encodeInfo(InfoId::PacketSize), (Bytes{0x00, 0xFF}));
        QCOMPARE(encodeInfo(InfoId::SerialNumber), (Bytes{0x00, 0x03}));
        auto size = decodeInfo(Bytes{0x00, 0x02, 0x00, 0x02});
        QVERIFY(size);
        QCOMPARE(infoNumber(*size), std::uint32_t(512));
        auto serial = decodeInfo(Bytes{0x00, 0x04, 'A', 'B', 'C', 0x00});
        QVERIFY(serial);
        QCOMPARE(infoString(*serial), std::string("ABC"));
        auto unknown = decodeInfo(Bytes{0x00, 0x00});
        QVERIFY(unknown && unknown->empty());
        QVERIFY(!decodeInfo(Bytes{0x00, 0x05, 'A'})); // runs past the response
        QVERIFY(!decodeInfo(Bytes{0xFF}));            // DAP_Invalid
    }

    void hostStatus() {
        QCOMPARE(encodeHostStatus(HostStatusLed::Connect, true), (Bytes{0x01, 0x00, 0x01}));
        QCOMPARE(encodeHostStatus(HostStatusLed::Running, false), (Bytes{0x01, 0x01, 0x00}));
        QVERIFY(decodeHostStatus(Bytes{0x01, 0x00}));
        QVERIFY(!decodeHostStatus(Bytes{0x01, 0xFF}));
    }

    void connect() {
        QCOMPARE(encodeConnect(DebugPort::Swd), (Bytes{0x02, 0x01}));
        QCOMPARE(encodeConnect(DebugPort::Default), (Bytes{0x02, 0x00}));
        auto port = decodeConnect(Bytes{0x02, 0x01});
        QVERIFY(port && *port == DebugPort::Swd);
        auto failed = decodeConnect(Bytes{0x02, 0x00});
        QVERIFY(!failed);
        QVERIFY(failed.error().hint.find("SWD") != std::string::npos);
        QVERIFY(!decodeConnect(Bytes{0x03, 0x01})); // another command's answer
        QVERIFY(!decodeConnect(Bytes{0x02}));       // too short
    }

    void disconnect() {
        QCOMPARE(encodeDisconnect(), (Bytes{0x03}));
        QVERIFY(decodeDisconnect(Bytes{0x03, 0x00}));
        QVERIFY(!decodeDisconnect(Bytes{0x03, 0xFF}));
    }

    void transferConfigure() {
        TransferConfig config;
        config.idleCycles = 2;
        config.waitRetry = 0x0102;
        config.matchRetry = 0x2710;
        QCOMPARE(encodeTransferConfigure(config), (Bytes{0x04, 0x02, 0x02, 0x01, 0x10, 0x27}));
        QVERIFY(decodeTransferConfigure(Bytes{0x04, 0x00}));
        QVERIFY(!decodeTransferConfigure(Bytes{0x04, 0xFF}));
    }

    void transferEncodesRequestsAndData() {
        const TransferItem items[] = {
            {registerRequest(Port::Dp, true, 0x0), 0},           // read DPIDR
            {registerRequest(Port::Dp, false, 0x8), 0x01000000}, // write SELECT
            {request::matchMask, 0xA0000000},                    // match mask
            {std::uint8_t(registerRequest(Port::Dp, true, 0x4) | request::valueMatch), 0xA0000000},
            {registerRequest(Port::Ap, false, 0xC), 0xDDCCBBAA}, // write DRW
            {registerRequest(Port::Ap, true, 0xC), 0}};          // read DRW
        QCOMPARE(encodeTransfer(items), (Bytes{0x05, 0x00, 0x06, 0x02, 0x08, 0x00, 0x00, 0x00, 0x01,
                                               0x20, 0x00, 0x00, 0x00, 0xA0, 0x16, 0x00, 0x00, 0x00,
                                               0xA0, 0x0D, 0xAA, 0xBB, 0xCC, 0xDD, 0x0F}));
        auto result = decodeTransfer(
            Bytes{0x05, 0x06, 0x01, 0x77, 0x14, 0xA0, 0x2B, 0x78, 0x56, 0x34, 0x12}, items);
        QVERIFY(result);
        QVERIFY(result->ok(6));
        QCOMPARE(std::vector<std::uint32_t>(result->reads.begin(), result->reads.end()),
                 (std::vector<std::uint32_t>{0x2BA01477, 0x12345678}));
        // Read-backs (key-store words among them) land in one buffer made at their final
        // size, in secure memory: no outgrown copy is left behind.
        QCOMPARE(result->reads.capacity(), result->reads.size());
    }

    void transferReportsTheFailingItem() {
        const TransferItem items[] = {{registerRequest(Port::Dp, true, 0x0), 0},
                                      {registerRequest(Port::Ap, true, 0xC), 0},
                                      {registerRequest(Port::Ap, true, 0xC), 0}};
        auto result = decodeTransfer(Bytes{0x05, 0x01, ack::fault, 0x77, 0x14, 0xA0, 0x2B}, items);
        QVERIFY(result);
        QVERIFY(!result->ok(3));
        QCOMPARE(result->executed, std::uint8_t(1)); // item 1 failed
        QCOMPARE(result->response, ack::fault);
        QCOMPARE(result->reads.size(), std::size_t(1));
        QVERIFY(!decodeTransfer(Bytes{0x05, 0x02, 0x01, 0x77, 0x14}, items)); // data missing
        QVERIFY(!decodeTransfer(Bytes{0x05, 0x04, 0x01}, items));             // more than were sent
    }

    void transferBlockWriteAndRead() {
        const std::uint32_t words[] = {0x11223344, 0xAABBCCDD};
        QCOMPARE(
            encodeTransferBlockWrite(registerRequest(Port::Ap, false, 0xC), words),
            (Bytes{0x06, 0x00, 0x02, 0x00, 0x0D, 0x44, 0x33, 0x22, 0x11, 0xDD, 0xCC, 0xBB, 0xAA}));
        QCOMPARE(encodeTransferBlockRead(registerRequest(Port::Ap, true, 0xC), 300),
                 (Bytes{0x06, 0x00, 0x2C, 0x01, 0x0F}));
        std::uint32_t into[2] = {};
        auto read = decodeTransferBlock(
            Bytes{0x06, 0x02, 0x00, 0x01, 0x44, 0x33, 0x22, 0x11, 0xDD, 0xCC, 0xBB, 0xAA}, into);
        QVERIFY(read && read->ok(2));
        QCOMPARE(into[0], std::uint32_t(0x11223344));
        QCOMPARE(into[1], std::uint32_t(0xAABBCCDD));
        auto waited = decodeTransferBlock(Bytes{0x06, 0x00, 0x00, ack::wait});
        QVERIFY(waited && !waited->ok(2) && waited->response == ack::wait);
        QVERIFY(!decodeTransferBlock(Bytes{0x06, 0x02, 0x00, 0x01, 0x44}, into));
    }

    /// Packets that carry data words are made in one buffer of their final size: a buffer
    /// grown word by word leaves the words sent so far (key-store words) in freed memory.
    void dataPacketsAreNeverRegrown() {
        std::vector<std::uint32_t> words(255, 0xA5A5A5A5);
        const auto block = encodeTransferBlockWrite(registerRequest(Port::Ap, false, 0xC), words);
        QCOMPARE(block.size(), kTransferBlockHeader + 4 * words.size());
        QCOMPARE(block.capacity(), block.size());
        std::vector<TransferItem> items(12, {registerRequest(Port::Ap, false, 0xC), 0x5A5A5A5A});
        items.push_back({registerRequest(Port::Ap, true, 0xC), 0});
        const auto transfer = encodeTransfer(items);
        QCOMPARE(transfer.size(), kTransferHeader + 12 * 5 + 1);
        QVERIFY(transfer.capacity() <= kTransferHeader + 13 * 5); // reserved once, never grown
        QVERIFY(transfer.capacity() >= transfer.size());
    }

    void resetTarget() {
        QCOMPARE(encodeResetTarget(), (Bytes{0x0A}));
        auto executed = decodeResetTarget(Bytes{0x0A, 0x00, 0x01});
        QVERIFY(executed && *executed);
        auto none = decodeResetTarget(Bytes{0x0A, 0x00, 0x00});
        QVERIFY(none && !*none);
        QVERIFY(!decodeResetTarget(Bytes{0x0A, 0xFF, 0x00}));
    }

    void swjPins() {
        QCOMPARE(encodeSwjPins(0x00, pin::nreset, 1000),
                 (Bytes{0x10, 0x00, 0x80, 0xE8, 0x03, 0x00, 0x00}));
        auto pins = decodeSwjPins(Bytes{0x10, 0x89});
        QVERIFY(pins && *pins == 0x89);
        QVERIFY(!decodeSwjPins(Bytes{0x10}));
    }

    void swjClock() {
        QCOMPARE(encodeSwjClock(4'000'000), (Bytes{0x11, 0x00, 0x09, 0x3D, 0x00}));
        QVERIFY(decodeSwjClock(Bytes{0x11, 0x00}));
        QVERIFY(!decodeSwjClock(Bytes{0x11, 0xFF}));
    }

    void swjSequence() {
        const Bytes expected{0x12, 0x88, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x9E,
                             0xE7, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00};
        QCOMPARE(encodeSwjSequence(kJtagToSwdBits, kJtagToSwdSequence), expected);
        const std::uint8_t ones[32] = {0xFF};
        QCOMPARE(encodeSwjSequence(256, ones).size(), std::size_t(2 + 32));
        QCOMPARE(encodeSwjSequence(256, ones)[1], std::uint8_t(0)); // 0 means 256 bits
        QCOMPARE(encodeSwjSequence(3, ones), (Bytes{0x12, 0x03, 0xFF}));
        QVERIFY(decodeSwjSequence(Bytes{0x12, 0x00}));
        QVERIFY(!decodeSwjSequence(Bytes{0x12, 0xFF}));
    }
};

QTEST_GUILESS_MAIN(TstDapCommands)
#include "tst_dap_commands.moc"
