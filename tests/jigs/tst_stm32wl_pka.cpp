// The emulated STM32WLE5's PKA through the debugger, byte for byte against OpenSSL:
// ECC scalar multiplication on P-256 (key generation k x G and ECDH k x Q), the point
// check, ECDSA verification, with the RAM layout and mode numbers of RM0461's PKA
// chapter; what the silicon does with bad input (a point off the curve is multiplied
// on another curve; invalid signatures; an unmapped address sets ADDRERRF).
#include "p256_reference.hpp"
#include "stm32wl_fixture.hpp"

using namespace kps;
using namespace kps::test;
using p256::Bytes;

namespace {

constexpr std::uint32_t kPka = 0x58002000;
constexpr std::uint32_t kCr = kPka, kSr = kPka + 4, kClrfr = kPka + 8;
constexpr std::uint32_t kProcEnd = 1u << 17, kAddrErr = 1u << 20;

/// Writes a big-endian number as the PKA wants it: least significant word first,
/// then a zero word.
void operand(Stm32wlLink& link, std::uint32_t offset, const Bytes& number) {
    const std::size_t words = number.size() / 4;
    for (std::size_t i = 0; i < words; ++i) {
        const std::size_t at = 4 * (words - 1 - i);
        link.write(kPka + offset + std::uint32_t(4 * i),
                   std::uint32_t(number[at]) << 24 | std::uint32_t(number[at + 1]) << 16 |
                       std::uint32_t(number[at + 2]) << 8 | number[at + 3]);
    }
    link.write(kPka + offset + std::uint32_t(4 * words), 0);
}

Bytes result(Stm32wlLink& link, std::uint32_t offset) {
    Bytes out(32);
    for (std::size_t i = 0; i < 8; ++i) {
        const std::uint32_t word = link.must(kPka + offset + std::uint32_t(4 * i));
        for (std::size_t b = 0; b < 4; ++b)
            out[4 * (7 - i) + b] = std::uint8_t(word >> (24 - 8 * b));
    }
    return out;
}

bool start(Stm32wlLink& link, std::uint32_t mode) {
    link.write(kCr, mode << 8 | 3); // MODE, START, EN
    const bool ended = link.must(kSr) & kProcEnd;
    link.write(kClrfr, kProcEnd);
    return ended;
}

/// k x (x, y) on P-256 (mode 0x20, Montgomery parameter computed by the PKA).
std::pair<Bytes, Bytes> multiply(Stm32wlLink& link, const Bytes& k, const Bytes& x,
                                 const Bytes& y) {
    const p256::Curve c = p256::curve();
    link.write(kPka + 0x400, 256); // scalar bits
    link.write(kPka + 0x404, 256); // modulus bits
    link.write(kPka + 0x408, 1);   // a is negative
    operand(link, 0x40C, c.a);
    operand(link, 0x460, c.p);
    operand(link, 0x508, k);
    operand(link, 0x55C, x);
    operand(link, 0x5B0, y);
    if (!start(link, 0x20))
        return {};
    return {result(link, 0x55C), result(link, 0x5B0)};
}

/// The point check (mode 0x28): the output word at 0x400.
std::uint32_t check(Stm32wlLink& link, const Bytes& x, const Bytes& y) {
    const p256::Curve c = p256::curve();
    link.write(kPka + 0x404, 256);
    link.write(kPka + 0x408, 1);
    operand(link, 0x40C, c.a);
    operand(link, 0x7FC, c.b);
    operand(link, 0x460, c.p);
    operand(link, 0x55C, x);
    operand(link, 0x5B0, y);
    start(link, 0x28);
    return link.must(kPka + 0x400);
}

/// ECDSA verification (mode 0x26): the output word at 0x5B0.
std::uint32_t verify(Stm32wlLink& link, const p256::KeyPair& key, const Bytes& rs,
                     const Bytes& hash) {
    const p256::Curve c = p256::curve();
    link.write(kPka + 0x404, 256); // order bits
    link.write(kPka + 0x4B4, 256); // modulus bits
    link.write(kPka + 0x45C, 1);
    operand(link, 0x460, c.a);
    operand(link, 0x4B8, c.p);
    operand(link, 0x5E8, c.gx);
    operand(link, 0x63C, c.gy);
    operand(link, 0xF40, key.x);
    operand(link, 0xF94, key.y);
    operand(link, 0x1098, Bytes(rs.begin(), rs.begin() + 32));
    operand(link, 0xA44, Bytes(rs.begin() + 32, rs.end()));
    operand(link, 0xFE8, hash);
    operand(link, 0xD5C, c.n);
    start(link, 0x26);
    return link.must(kPka + 0x5B0);
}

} // namespace

class TstStm32wlPka : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void keyGenerationIsOpensslsPublicKey() {
        Stm32wlLink link;
        const p256::Curve c = p256::curve();
        for (std::uint32_t seed : {1u, 2u, 3u}) {
            const p256::KeyPair key = p256::keyFromSeed(seed);
            const auto [x, y] = multiply(link, key.d, c.gx, c.gy);
            QCOMPARE(x, key.x);
            QCOMPARE(y, key.y);
        }
        QCOMPARE(link.mcu->pkaOperations(), std::uint64_t(3));
    }

    void ecdhIsOpensslsSharedSecret() {
        Stm32wlLink link;
        const p256::KeyPair mine = p256::keyFromSeed(10), peer = p256::keyFromSeed(11);
        const auto [x, y] = multiply(link, mine.d, peer.x, peer.y);
        QCOMPARE(x, p256::ecdh(mine, peer)); // EVP_PKEY_derive
        QCOMPARE(x, p256::ecdh(peer, mine));
        QCOMPARE(check(link, x, y), std::uint32_t(0)); // the product is on the curve
    }

    void pointCheck() {
        Stm32wlLink link;
        const p256::KeyPair key = p256::keyFromSeed(20);
        QCOMPARE(check(link, key.x, key.y), std::uint32_t(0));
        Bytes y = key.y;
        y[31] ^= 1;
        QVERIFY(check(link, key.x, y) != 0);
        QVERIFY(check(link, p256::curve().p, key.y) != 0); // x = p is no field element
    }

    void offCurvePointIsMultipliedOnAnotherCurve() {
        // As on silicon: the multiplication does not check its point. An attacker's
        // point off P-256 gives a product off P-256 - the agent checks points first.
        Stm32wlLink link;
        const p256::KeyPair key = p256::keyFromSeed(30), peer = p256::keyFromSeed(31);
        Bytes y = peer.y;
        y[31] ^= 1;
        const auto [x, productY] = multiply(link, key.d, peer.x, y);
        QVERIFY(x != Bytes(32, 0));
        QVERIFY(x != p256::ecdh(key, peer));
        QVERIFY(check(link, x, productY) != 0);
    }

    void ecdsaVerification() {
        Stm32wlLink link;
        const p256::KeyPair signer = p256::keyFromSeed(40), other = p256::keyFromSeed(41);
        const Bytes message = {'k', 'p', 's'};
        const Bytes rs = p256::sign(signer, message), hash = p256::sha256(message);
        QCOMPARE(rs.size(), std::size_t(64));
        QCOMPARE(verify(link, signer, rs, hash), std::uint32_t(0));
        QVERIFY(verify(link, other, rs, hash) != 0); // another key
        Bytes changed = hash;
        changed[0] ^= 0x80;
        QVERIFY(verify(link, signer, rs, changed) != 0); // another message
        Bytes zeroR = rs;
        std::fill_n(zeroR.begin(), 32, 0);
        QVERIFY(verify(link, signer, zeroR, hash) != 0); // r outside [1, n-1]
        QCOMPARE(link.mcu->pkaOperations(), std::uint64_t(4));
    }

    void unmappedAddressSetsAddressError() {
        Stm32wlLink link;
        QVERIFY(link.read(kPka + 0x0C));
        QCOMPARE(link.must(kSr) & kAddrErr, kAddrErr);
        link.write(kClrfr, kAddrErr);
        QCOMPARE(link.must(kSr), std::uint32_t(0));
        link.write(kPka + 0x1200, 1); // just past the RAM
        QCOMPARE(link.must(kSr) & kAddrErr, kAddrErr);
    }

    void startWithoutEnableIsIgnored() {
        Stm32wlLink link;
        link.write(kCr, 0x28u << 8 | 2); // START without EN
        QCOMPARE(link.must(kSr), std::uint32_t(0));
        QCOMPARE(link.mcu->pkaOperations(), std::uint64_t(0));
    }
};

QTEST_GUILESS_MAIN(TstStm32wlPka)
#include "tst_stm32wl_pka.moc"
