// Firmware images: the same program as ELF (segments by physical address, read with
// libelf) and as Intel HEX gives the same bytes at the same addresses; the SHA-256 is
// the file's; every malformed HEX record, a foreign or empty ELF file, and an image
// outside the flash or over the key-store page are one error naming file, place and
// reason.
#include "kps/jigs/firmware_image.hpp"
#include "kps/jigs/target_profile.hpp"

#include <QCryptographicHash>
#include <QFile>
#include <QTest>

using namespace kps::jigs;
using Bytes = std::vector<std::uint8_t>;

namespace {

Bytes readFile(const char* path) {
    QFile file(QString::fromLatin1(path));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", path);
    const QByteArray bytes = file.readAll();
    return {bytes.begin(), bytes.end()};
}

Bytes textOf(const char* text) {
    return {text, text + std::strlen(text)};
}

} // namespace

class TstFirmwareImage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void elfAndHexOfOneProgramAgree() {
        const Bytes elfBytes = readFile(KPS_SAMPLE_ELF);
        const Bytes hexBytes = readFile(KPS_SAMPLE_HEX);
        auto elf = parseFirmwareImage(elfBytes, "sample-firmware.elf");
        auto hex = parseFirmwareImage(hexBytes, "sample-firmware.hex");
        QVERIFY2(elf, elf ? "" : elf.error().message().c_str());
        QVERIFY2(hex, hex ? "" : hex.error().message().c_str());
        QCOMPARE(elf->format, ImageFormat::Elf);
        QCOMPARE(hex->format, ImageFormat::IntelHex);
        // code at 0x08000000 and the initial values of .data right behind it (its
        // physical address in flash, not its RAM address): one segment
        QCOMPARE(elf->segments.size(), std::size_t(1));
        QCOMPARE(elf->segments[0].address, std::uint32_t(0x08000000));
        QCOMPARE(hex->segments.size(), std::size_t(1));
        QCOMPARE(hex->segments[0].address, elf->segments[0].address);
        QVERIFY(hex->segments[0].bytes == elf->segments[0].bytes);
        const Bytes tail(elf->segments[0].bytes.end() - 4, elf->segments[0].bytes.end());
        QCOMPARE(tail, (Bytes{0x78, 0x56, 0x34, 0x12})); // counter's initial value
        const QByteArray digest = QCryptographicHash::hash(
            QByteArray(reinterpret_cast<const char*>(elfBytes.data()), qsizetype(elfBytes.size())),
            QCryptographicHash::Sha256);
        QCOMPARE(QByteArray::fromStdString(elf->sha256Hex()), digest.toHex());
        QVERIFY(elf->sha256Hex() != hex->sha256Hex()); // the files differ, the bytes do not
        QCOMPARE(elf->byteCount(), elf->segments[0].bytes.size());
    }

    void hexRecordTypesAndMerging() {
        const Bytes text = textOf(":020000040800F2\r\n"   // base 0x08000000
                                  ":040010001122334442\n" // 0x08000010
                                  ":04001400556677882E\n" // adjacent: merged
                                  ":020000021000EC\n"     // segment base 0x10000
                                  ":0200000099AABB\n"     // 0x00010000
                                  ":0400000508000009E6\n" // start address: ignored
                                  ":00000001FF\n\n");
        auto image = parseIntelHex(text, "t.hex");
        QVERIFY2(image, image ? "" : image.error().message().c_str());
        QCOMPARE(image->segments.size(), std::size_t(2));
        QCOMPARE(image->segments[0].address, std::uint32_t(0x00010000));
        QCOMPARE(image->segments[0].bytes, (Bytes{0x99, 0xAA}));
        QCOMPARE(image->segments[1].address, std::uint32_t(0x08000010));
        QCOMPARE(image->segments[1].bytes, (Bytes{0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88}));
    }

    void badHexFiles_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("place");
        QTest::addColumn<QString>("reason");
        const QByteArray end = ":00000001FF\n";
        QTest::newRow("no colon") << QByteArray("040010001122334442\n") + end << "line 1"
                                  << "must start with ':'";
        QTest::newRow("odd digits") << QByteArray(":040010001122334442F\n") + end << "line 1"
                                    << "odd number of hex digits";
        QTest::newRow("not hex") << QByteArray(":04001000112233G442\n") + end << "line 1"
                                 << "character 16 is not a hex digit";
        QTest::newRow("short") << QByteArray(":0000\n") + end << "line 1"
                               << "too short";
        QTest::newRow("length") << QByteArray(":0500100011223344E9\n") + end << "line 1"
                                << "says 5 data bytes, the record has 4";
        QTest::newRow("checksum") << QByteArray(":0000000000\n:0400100011223344EB\n") + end
                                  << "line 2"
                                  << "checksum 0xEB, the record's bytes need 0x42";
        QTest::newRow("type") << QByteArray(":00000006FA\n") + end << "line 1"
                              << "record type 0x06 is not an Intel HEX record type";
        QTest::newRow("eof data") << QByteArray(":01000001AA54\n") << "line 1"
                                  << "an end-of-file record carries no data";
        QTest::newRow("after eof") << end + ":040010001122334442\n"
                                   << "line 2"
                                   << "a record after the end-of-file record";
        QTest::newRow("no eof") << QByteArray(":040010001122334442\n") << "line 1"
                                << "ends without an end-of-file record";
        QTest::newRow("extended") << QByteArray(":03000004080000F1\n") + end << "line 1"
                                  << "2 data bytes and address 0000";
        QTest::newRow("64 KiB") << QByteArray(":04FFFE001122334455\n") + end << "line 1"
                                << "runs past the end of its 64 KiB block";
        QTest::newRow("twice") << QByteArray(":040010001122334442\n:0200120099AAA9\n") + end
                               << "line 2"
                               << "address 0x00000012 is given twice (also at line 1)";
        QTest::newRow("empty") << end << ""
                               << "holds no bytes to program";
    }
    void badHexFiles() {
        QFETCH(QByteArray, text);
        QFETCH(QString, place);
        QFETCH(QString, reason);
        auto image = parseIntelHex(
            {reinterpret_cast<const std::uint8_t*>(text.data()), std::size_t(text.size())},
            "bad.hex");
        QVERIFY(!image);
        QCOMPARE(QString::fromStdString(image.error().file), QStringLiteral("bad.hex"));
        QCOMPARE(QString::fromStdString(image.error().place), place);
        QVERIFY2(QString::fromStdString(image.error().reason).contains(reason),
                 image.error().message().c_str());
    }

    void badElfFiles() {
        Bytes elf = readFile(KPS_SAMPLE_ELF);
        auto truncated = parseElfImage(Bytes(elf.begin(), elf.begin() + 40), "cut.elf");
        QVERIFY(!truncated);
        QCOMPARE(truncated.error().file, std::string("cut.elf"));
        auto host = parseFirmwareImage(readFile("/proc/self/exe"), "host.elf");
        QVERIFY(!host);
        QVERIFY2(host.error().reason.find("32-bit") != std::string::npos,
                 host.error().message().c_str());
        elf[18] = 0x3E; // e_machine: x86-64
        auto foreign = parseElfImage(elf, "x86.elf");
        QVERIFY(!foreign);
        QCOMPARE(foreign.error().place, std::string("ELF header"));
        QVERIFY(foreign.error().reason.find("not ARM") != std::string::npos);
        auto algorithm = parseElfImage(readFile(KPS_ALGORITHM_DIR "/stm32wl.elf"), "a.elf");
        QVERIFY(algorithm); // an ELF with loadable bytes is an image, wherever they go ...
        QVERIFY(!checkPlacement(*algorithm, stm32Like())); // ... but address 0 is no flash
    }

    void placementInsideFlashAndOffTheKeyStore() {
        const TargetProfile target = stm32Like();
        FirmwareImage image{"i.hex", ImageFormat::IntelHex, {{0x08000000, Bytes(64, 1)}}, {}};
        QVERIFY(checkPlacement(image, target));
        image.segments.push_back({target.keyStoreAddress - 8, Bytes(16, 2)});
        auto overlap = checkPlacement(image, target);
        QVERIFY(!overlap);
        QCOMPARE(overlap.error().place, std::string("address 0x0803F7F8"));
        QVERIFY(overlap.error().reason.find("key-store page 0x0803F800") != std::string::npos);
        image.segments = {{0x0803FFFC, Bytes(8, 3)}};
        auto beyond = checkPlacement(image, target);
        QVERIFY(!beyond);
        QVERIFY(beyond.error().reason.find("outside the flash") != std::string::npos);
    }

private:
    static TargetProfile stm32Like() {
        TargetProfile target;
        target.name = "stm32-like";
        target.flashBase = 0x08000000;
        target.flashSize = 256 * 1024;
        target.pageSize = 2048;
        target.keyStoreAddress = 0x0803F800;
        target.keyStoreSize = 2048;
        return target;
    }
};

QTEST_GUILESS_MAIN(TstFirmwareImage)
#include "tst_firmware_image.moc"
