// The STM32WL flash algorithm as the station loads it (libelf): a position-
// independent blob linked at 0, its CMSIS entry points and device description; a
// foreign ELF is refused with the place that is wrong. The flash plan of an image:
// the sectors it touches (and no others), chunks no larger than one buffer, and the
// CRC-32 the target must compute over each run of erased sectors.
#include "kps/jigs/flash_algorithm.hpp"
#include "kps/jigs/flash_plan.hpp"

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

Bytes pattern(std::size_t size, std::uint8_t seed) {
    Bytes bytes(size);
    for (std::size_t i = 0; i < size; ++i)
        bytes[i] = std::uint8_t(seed + i * 7);
    return bytes;
}

} // namespace

class TstFlashAlgorithm : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void builtInStm32wlAlgorithm() {
        auto algorithm = builtInFlashAlgorithm("stm32wl");
        QVERIFY2(algorithm, algorithm ? "" : algorithm.error().message().c_str());
        const auto& device = algorithm->device;
        QCOMPARE(device.base, std::uint32_t(0x08000000));
        QCOMPARE(device.size, std::uint32_t(256 * 1024));
        QCOMPARE(device.pageSize, std::uint32_t(4096)); // two flash pages per ProgramPage
        QCOMPARE(device.emptyValue, std::uint8_t(0xFF));
        QCOMPARE(device.sectors.size(), std::size_t(1));
        QCOMPARE(device.sectors[0].size, std::uint32_t(2048));
        QVERIFY(device.name.find("STM32WL") == 0);
        QVERIFY(device.eraseTimeoutMs > 0 && device.programTimeoutMs > 0);
        const auto& entries = algorithm->entries;
        for (std::uint32_t entry : {entries.init, entries.uninit, entries.eraseSector,
                                    entries.programPage, entries.crc32})
            QVERIFY(entry < algorithm->staticBase && entry % 2 == 0);
        QVERIFY(algorithm->blob.size() >= algorithm->staticBase);
        QVERIFY(algorithm->blob.size() < 2048); // small: it shares RAM with two buffers
        // The embedded copy is the file the build made.
        auto fromFile =
            loadFlashAlgorithm(readFile(KPS_ALGORITHM_DIR "/stm32wl.elf"), "stm32wl.elf");
        QVERIFY(fromFile);
        QCOMPARE(fromFile->blob, algorithm->blob);
        QCOMPARE(builtInFlashAlgorithm("nrf52").error().reason,
                 std::string("no built-in flash algorithm of that name"));
    }

    void foreignElfIsRefused() {
        auto firmware = loadFlashAlgorithm(readFile(KPS_SAMPLE_ELF), "sample.elf");
        QVERIFY(!firmware);
        QCOMPARE(firmware.error().place, std::string("section PrgCode"));
        Bytes cut = readFile(KPS_ALGORITHM_DIR "/stm32wl.elf");
        cut.resize(cut.size() / 2); // section headers gone
        QVERIFY(!loadFlashAlgorithm(cut, "cut.elf"));
    }

    void sectorsOfTheDevice() {
        FlashDeviceInfo device;
        device.base = 0x08000000;
        device.size = 0x40000;
        device.sectors = {{2048, 0}};
        QCOMPARE(device.sectorAt(0x08000FFF).address, std::uint32_t(0x08000800));
        QCOMPARE(device.sectorAt(0x08000FFF).size, std::uint32_t(2048));
        QCOMPARE(device.sectorAt(0x08040000).size, std::uint32_t(0));
        device.sectors = {{1024, 0}, {4096, 0x1000}}; // small sectors first, then large
        QCOMPARE(device.sectorAt(0x08000C00).address, std::uint32_t(0x08000C00));
        QCOMPARE(device.sectorAt(0x08002345).address, std::uint32_t(0x08002000));
        QCOMPARE(device.sectorAt(0x08002345).size, std::uint32_t(4096));
    }

    void planOfAnImage() {
        FlashDeviceInfo device;
        device.base = 0x08000000;
        device.size = 0x40000;
        device.pageSize = 4096;
        device.sectors = {{2048, 0}};
        FirmwareImage image;
        image.segments = {{0x08000000, pattern(5000, 1)}, {0x08010010, pattern(100, 9)}};
        const FlashPlan plan = planFlash(image, device, 4096);
        QCOMPARE(plan.chunks.size(), std::size_t(3));
        QCOMPARE(plan.chunks[0].address, std::uint32_t(0x08000000));
        QCOMPARE(plan.chunks[0].bytes.size(), std::size_t(4096));
        QCOMPARE(plan.chunks[0].eraseSectors, (std::vector<std::uint32_t>{0x08000000, 0x08000800}));
        QCOMPARE(plan.chunks[1].address, std::uint32_t(0x08001000));
        QCOMPARE(plan.chunks[1].bytes.size(), std::size_t(904)); // 5000 - 4096, whole words of 8
        QCOMPARE(plan.chunks[1].eraseSectors, (std::vector<std::uint32_t>{0x08001000}));
        QCOMPARE(plan.chunks[2].address, std::uint32_t(0x08010000));
        QCOMPARE(plan.chunks[2].bytes.size(), std::size_t(0x10 + 104)); // padded to 8
        QCOMPARE(plan.chunks[2].bytes[0], std::uint8_t(0xFF));          // erased before it
        QCOMPARE(plan.sectorCount(), std::size_t(4));
        // The flash as it must be afterwards: sectors 0-2 and sector 32, empty but the image.
        Bytes first(3 * 2048, 0xFF), second(2048, 0xFF);
        std::copy_n(image.segments[0].bytes.begin(), 5000, first.begin());
        std::copy_n(image.segments[1].bytes.begin(), 100, second.begin() + 0x10);
        QCOMPARE(plan.checks.size(), std::size_t(2));
        QCOMPARE(plan.checks[0].address, std::uint32_t(0x08000000));
        QCOMPARE(plan.checks[0].size, std::uint32_t(3 * 2048));
        QCOMPARE(plan.checks[0].crc, crc32(first));
        QCOMPARE(plan.checks[1].address, std::uint32_t(0x08010000));
        QCOMPARE(plan.checks[1].crc, crc32(second));
    }

    void crc32IsZlibs() {
        const char* check = "123456789";
        const Bytes bytes(check, check + 9);
        QCOMPARE(crc32(bytes), std::uint32_t(0xCBF43926)); // the CRC-32 check value
        const Bytes first(bytes.begin(), bytes.begin() + 4), rest(bytes.begin() + 4, bytes.end());
        QCOMPARE(crc32(rest, crc32(first)), std::uint32_t(0xCBF43926));
    }
};

QTEST_GUILESS_MAIN(TstFlashAlgorithm)
#include "tst_flash_algorithm.moc"
