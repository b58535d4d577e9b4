// The emulated STM32WLE5's peripherals through the debugger: the AES accelerator
// (ECB and CBC, key and IV register order, DATATYPE) against OpenSSL, the RNG
// (the same numbers for the same seed), the LPUART (what it sends, what it is fed),
// and the PKA's RAM (its ECC operations: tst_stm32wl_pka).
#include "stm32wl_fixture.hpp"

#include <openssl/evp.h>

using namespace kps;
using namespace kps::test;
using Bytes = std::vector<std::uint8_t>;

namespace {

constexpr std::uint32_t kAes = 0x58001800, kRng = 0x58001000, kUart = 0x40008000;
constexpr std::uint32_t kPka = 0x58002000;

Bytes openssl(const EVP_CIPHER* cipher, const Bytes& key, const Bytes& iv, const Bytes& in) {
    Bytes out(in.size());
    EVP_CIPHER_CTX* context = EVP_CIPHER_CTX_new();
    int length = 0;
    EVP_EncryptInit_ex(context, cipher, nullptr, key.data(), iv.empty() ? nullptr : iv.data());
    EVP_CIPHER_CTX_set_padding(context, 0);
    EVP_EncryptUpdate(context, out.data(), &length, in.data(), int(in.size()));
    EVP_CIPHER_CTX_free(context);
    return out;
}

std::uint32_t bigEndian(const Bytes& bytes, std::size_t at) {
    return std::uint32_t(bytes[at]) << 24 | std::uint32_t(bytes[at + 1]) << 16 |
           std::uint32_t(bytes[at + 2]) << 8 | bytes[at + 3];
}

/// Encrypts `in` on the accelerator with DATATYPE 0 (words as written, first word =
/// the block's first four bytes, big-endian).
Bytes accelerate(Stm32wlLink& link, std::uint32_t chaining, const Bytes& key, const Bytes& iv,
                 const Bytes& in) {
    link.write(kAes + 0x00, chaining << 5);
    for (int i = 0; i < 4; ++i) {
        link.write(kAes + 0x10 + 4u * std::uint32_t(3 - i), bigEndian(key, 4u * std::size_t(i)));
        if (!iv.empty())
            link.write(kAes + 0x20 + 4u * std::uint32_t(3 - i), bigEndian(iv, 4u * std::size_t(i)));
    }
    link.write(kAes + 0x00, chaining << 5 | 1); // EN
    Bytes out;
    for (std::size_t block = 0; block < in.size(); block += 16) {
        for (std::size_t i = 0; i < 16; i += 4)
            link.write(kAes + 0x08, bigEndian(in, block + i));
        if (!(link.must(kAes + 0x04) & 1))
            return {}; // CCF
        for (int i = 0; i < 4; ++i) {
            const std::uint32_t word = link.must(kAes + 0x0C);
            for (int b = 3; b >= 0; --b)
                out.push_back(std::uint8_t(word >> (8 * b)));
        }
        link.write(kAes + 0x00, chaining << 5 | 1 | 1u << 7); // CCFC
    }
    return out;
}

Bytes counting(std::size_t size, std::uint8_t start) {
    Bytes bytes(size);
    for (std::size_t i = 0; i < size; ++i)
        bytes[i] = std::uint8_t(start + 7 * i);
    return bytes;
}

} // namespace

class TstStm32wlPeripherals : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aesEcbAndCbcAsOpenssl() {
        Stm32wlLink link;
        const Bytes key = counting(16, 0x10), iv = counting(16, 0xA0), data = counting(48, 3);
        QCOMPARE(accelerate(link, 0, key, {}, data), openssl(EVP_aes_128_ecb(), key, {}, data));
        QCOMPARE(accelerate(link, 1, key, iv, data), openssl(EVP_aes_128_cbc(), key, iv, data));
        QCOMPARE(link.must(kAes + 0x10), std::uint32_t(0)); // key registers are write-only
        QCOMPARE(link.mcu->aesBlocks(), std::uint64_t(6));
    }

    void aesFlagsErrors() {
        Stm32wlLink link;
        link.write(kAes + 0x00, 1);
        link.must(kAes + 0x0C); // nothing to read yet: RDERR
        QCOMPARE(link.must(kAes + 0x04), std::uint32_t(1u << 1));
        link.write(kAes + 0x00, 1 | 1u << 8); // ERRC
        QCOMPARE(link.must(kAes + 0x04), std::uint32_t(0));
        for (int i = 0; i < 5; ++i) // a fifth word before the output was read: WRERR
            link.write(kAes + 0x08, 0);
        QCOMPARE(link.must(kAes + 0x04), std::uint32_t(1u << 0 | 1u << 2));
    }

    void rngIsDeterministicPerSeed() {
        auto options = Stm32wlLink::defaultOptions();
        options.seed = 42;
        Stm32wlLink first(options), second(options);
        options.seed = 43;
        Stm32wlLink other(options);
        QCOMPARE(first.must(kRng + 0x04), std::uint32_t(0)); // off: no data ready
        for (Stm32wlLink* link : {&first, &second, &other})
            link->write(kRng + 0x00, 1u << 2);                   // RNGEN
        QCOMPARE(first.must(kRng + 0x04) & 1, std::uint32_t(1)); // DRDY
        std::vector<std::uint32_t> a, b, c;
        for (int i = 0; i < 8; ++i) {
            a.push_back(first.must(kRng + 0x08));
            b.push_back(second.must(kRng + 0x08));
            c.push_back(other.must(kRng + 0x08));
        }
        QCOMPARE(a, b);
        QVERIFY(a != c);
        QVERIFY(std::adjacent_find(a.begin(), a.end()) == a.end());
    }

    void uartSendsAndReceives() {
        Stm32wlLink link;
        link.write(kUart + 0x28, 'x'); // not enabled: nothing leaves
        QVERIFY(link.mcu->takeUartOutput().empty());
        link.write(kUart + 0x00, 0xD);                                         // UE | RE | TE
        QCOMPARE(link.must(kUart + 0x1C) & 0x6000C0, std::uint32_t(0x6000C0)); // TEACK REACK TXE TC
        for (char c : std::string("hi"))
            link.write(kUart + 0x28, std::uint32_t(c));
        QCOMPARE(link.mcu->takeUartOutput(), Bytes({'h', 'i'}));
        QCOMPARE(link.must(kUart + 0x1C) & 0x20, std::uint32_t(0)); // RXNE
        const Bytes fed = {'R', 'S'};
        link.mcu->feedUart(fed);
        QCOMPARE(link.must(kUart + 0x1C) & 0x20, std::uint32_t(0x20));
        QCOMPARE(link.must(kUart + 0x24), std::uint32_t('R'));
        QCOMPARE(link.must(kUart + 0x24), std::uint32_t('S'));
        QCOMPARE(link.must(kUart + 0x1C) & 0x20, std::uint32_t(0));
    }

    void pkaRamAndUnmodelledOperations() {
        Stm32wlLink link;
        QVERIFY(link.write(kPka + 0x400, 0x11223344));
        QVERIFY(link.write(kPka + 0x11F4, 0x55667788)); // the last RAM word
        QCOMPARE(link.must(kPka + 0x400), std::uint32_t(0x11223344));
        QCOMPARE(link.must(kPka + 0x11F4), std::uint32_t(0x55667788));
        link.write(kPka + 0x00, 0x07u << 8 | 3); // EN | START, RSA CRT exponentiation
        QCOMPARE(link.must(kPka + 0x04), std::uint32_t(1u << 17)); // PROCENDF
        link.write(kPka + 0x08, 1u << 17);
        QCOMPARE(link.must(kPka + 0x04), std::uint32_t(0));
        QCOMPARE(link.must(kPka + 0x400), std::uint32_t(0x11223344)); // RAM unchanged
        QCOMPARE(link.mcu->pkaOperations(), std::uint64_t(0));        // not modelled
        // The ECC operations: tst_stm32wl_pka.
    }
};

QTEST_GUILESS_MAIN(TstStm32wlPeripherals)
#include "tst_stm32wl_peripherals.moc"
