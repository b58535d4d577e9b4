// The endpoint application (jigs/firmware/endpoint-app, C built with arm-none-eabi-gcc)
// on the emulated STM32WLE5: it boots from flash, reads the key store the station
// writes, and answers each byte on its LPUART with an OMS mode 5 telegram that it
// encrypts by driving the AES accelerator. The host decrypts the telegram with
// OpenSSL and the data key it put into the key store. The ELF is reproducible: its
// SHA-256 is pinned.
#include "kps/jigs/oms_telegram.hpp"
#include "stm32wl_fixture.hpp"

#include <QFile>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <thread>

using namespace kps;
using Bytes = std::vector<std::uint8_t>;

namespace {

QByteArray readFile(const char* path) {
    QFile file(QString::fromUtf8(path));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

Bytes bytesOf(const QByteArray& data) {
    return Bytes(data.begin(), data.end());
}

/// An MCU as it leaves the line: the application in flash, `record` in the key store,
/// unlocked; then powered on in the field (no debugger).
std::unique_ptr<mcuemu::Stm32wlMcu> fieldEndpoint(const Bytes& record) {
    auto made = mcuemu::Stm32wlMcu::create(jigs::stm32wle5Target());
    if (!made)
        qFatal("%s", made.error().message().c_str());
    auto mcu = std::move(*made);
    mcu->writeFlashDirectly(0x08000000, bytesOf(readFile(KPS_ENDPOINT_APP_BIN)));
    if (!record.empty())
        mcu->writeFlashDirectly(jigs::stm32wle5Target().keyStoreAddress, record);
    mcu->powerOnReset();
    mcu->run(20'000); // boot
    return mcu;
}

/// One read request; the line the application answers (without CR LF).
QByteArray request(mcuemu::Stm32wlMcu& mcu) {
    const std::uint8_t read = 'R';
    mcu.feedUart({&read, 1});
    QByteArray line;
    for (int slice = 0; slice < 100 && !line.endsWith("\r\n"); ++slice) {
        mcu.run(10'000);
        const Bytes out = mcu.takeUartOutput();
        line.append(reinterpret_cast<const char*>(out.data()), qsizetype(out.size()));
    }
    return line.endsWith("\r\n") ? line.chopped(2) : QByteArray();
}

/// AES-128-CBC decryption with OpenSSL, IV = M || A || ACC x 8.
Bytes opensslDecrypt(std::span<const std::uint8_t> key, const Bytes& telegram) {
    std::uint8_t iv[16];
    std::copy_n(telegram.begin() + 2, 8, iv);
    std::fill_n(iv + 8, 8, telegram[11]);
    Bytes plain(16);
    EVP_CIPHER_CTX* context = EVP_CIPHER_CTX_new();
    int length = 0;
    const bool ok =
        EVP_DecryptInit_ex(context, EVP_aes_128_cbc(), nullptr, key.data(), iv) == 1 &&
        EVP_CIPHER_CTX_set_padding(context, 0) == 1 &&
        EVP_DecryptUpdate(context, plain.data(), &length, telegram.data() + 15, 16) == 1;
    EVP_CIPHER_CTX_free(context);
    return ok && length == 16 ? plain : Bytes();
}

} // namespace

class TstStm32wlFirmware : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void elfIsReproducible() {
        const QByteArray elf = readFile(KPS_ENDPOINT_APP_ELF);
        QVERIFY(elf.startsWith("\x7F"
                               "ELF"));
        std::uint8_t digest[SHA256_DIGEST_LENGTH];
        SHA256(reinterpret_cast<const unsigned char*>(elf.data()), std::size_t(elf.size()), digest);
        const QByteArray pinned =
            readFile(KPS_SOURCE_DIR "/jigs/firmware/endpoint-app.sha256").left(64);
        QCOMPARE(QByteArray(reinterpret_cast<const char*>(digest), sizeof digest).toHex(), pinned);
    }

    void telegramsDecryptWithTheDataKey() {
        const Bytes record = test::sampleRecord(7); // data key: 7 * 31 + i, address 8B 2D 07..
        auto mcu = fieldEndpoint(record);
        QCOMPARE(mcu->coreState(), mcuemu::McuCoreState::Running);
        QVERIFY(mcu->takeUartOutput().empty());        // nothing until asked
        const std::uint64_t atBoot = mcu->aesBlocks(); // the KCVs it published at boot
        auto content = jigs::decodeKeyStore(record);
        QVERIFY(content);
        const auto key = content->keys.front().value;
        for (std::uint8_t access = 1; access <= 3; ++access) {
            const Bytes telegram = bytesOf(QByteArray::fromHex(request(*mcu)));
            QCOMPARE(telegram.size(), std::size_t(31));
            QCOMPARE(telegram[0], std::uint8_t(30)); // L
            QVERIFY(
                std::equal(content->address.begin(), content->address.end(), telegram.begin() + 2));
            QCOMPARE(telegram[10], std::uint8_t(0x7A));
            QCOMPARE(telegram[11], access);
            const Bytes plain = opensslDecrypt(key, telegram);
            // 12345.67 m3, then 1.11 m3 more per reading: 8 BCD digits, low byte first
            const std::uint8_t low = std::uint8_t(0x67 + 0x11 * (access - 1));
            const std::uint8_t next = std::uint8_t(0x45 + (access - 1));
            const Bytes expected = {0x2F, 0x2F, 0x0C, 0x14, low,  next, 0x23, 0x01,
                                    0x02, 0xFD, 0x17, 0x00, 0x00, 0x2F, 0x2F, 0x2F};
            QCOMPARE(plain, expected);
            auto ours = jigs::oms::decryptMode5(key, telegram);
            QVERIFY(ours && *ours == expected);
        }
        QCOMPARE(mcu->aesBlocks() - atBoot, std::uint64_t(3)); // the accelerator encrypted
    }

    void withoutAKeyStoreItSaysSo() {
        auto mcu = fieldEndpoint({});
        QCOMPARE(request(*mcu), QByteArray("NOKEYS"));
        Bytes corrupt = test::sampleRecord(3);
        corrupt[30] ^= 1; // the CRC no longer matches
        auto damaged = fieldEndpoint(corrupt);
        QCOMPARE(request(*damaged), QByteArray("NOKEYS"));
    }

    void endpointsOnSeveralThreadsAtOnce() {
        // The simulated line runs its slots on threads: one emulated MCU per thread.
        std::vector<Bytes> telegrams(4);
        std::vector<std::thread> slots;
        for (std::size_t slot = 0; slot < telegrams.size(); ++slot)
            slots.emplace_back([slot, &telegrams] {
                auto mcu = fieldEndpoint(test::sampleRecord(std::uint8_t(20 + slot)));
                for (int i = 0; i < 5; ++i)
                    telegrams[slot] = bytesOf(QByteArray::fromHex(request(*mcu)));
            });
        for (std::thread& slot : slots)
            slot.join();
        for (std::size_t slot = 0; slot < telegrams.size(); ++slot) {
            const Bytes record = test::sampleRecord(std::uint8_t(20 + slot));
            auto content = jigs::decodeKeyStore(record);
            QVERIFY(content);
            QCOMPARE(telegrams[slot].size(), std::size_t(31));
            QCOMPARE(telegrams[slot][11], std::uint8_t(5)); // the fifth reading
            QVERIFY(jigs::oms::decryptMode5(content->keys.front().value, telegrams[slot]));
        }
    }

    void runsUnderReadoutProtectionWithoutADebugger() {
        const Bytes record = test::sampleRecord(9);
        auto mcu = fieldEndpoint({});
        mcu->provisionDirectly(record); // key store and RDP level 1, then power-on
        QVERIFY(mcu->locked());
        mcu->run(20'000);
        const Bytes telegram = bytesOf(QByteArray::fromHex(request(*mcu)));
        QCOMPARE(telegram.size(), std::size_t(31));
        auto content = jigs::decodeKeyStore(record);
        QVERIFY(content);
        QVERIFY(jigs::oms::decryptMode5(content->keys.front().value, telegram));
    }
};

QTEST_GUILESS_MAIN(TstStm32wlFirmware)
#include "tst_stm32wl_firmware.moc"
