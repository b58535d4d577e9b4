#include "pka_peripheral.hpp"

#include "pka_ecc.hpp"

#include <string.h> // explicit_bzero

namespace kps::mcuemu {
namespace {

constexpr std::uint32_t kCr = 0x00, kSr = 0x04, kClrfr = 0x08;
constexpr std::uint32_t kRam = 0x400, kRamEnd = kRam + 894 * 4;
constexpr std::uint32_t kEnable = 1u << 0, kStart = 1u << 1;
constexpr unsigned kModeShift = 8;
constexpr std::uint32_t kModeMask = 0x3F;
constexpr std::uint32_t kProcessEnded = 1u << 17, kAddressError = 1u << 20;
constexpr std::uint32_t kFlags = kProcessEnded | (1u << 19) | kAddressError;
constexpr std::uint32_t kMaxModulusBits = 640;

// Operating modes (RM0461 22.4, table "PKA operating modes").
constexpr std::uint32_t kEccMultiply = 0x20, kEccMultiplyFast = 0x22;
constexpr std::uint32_t kEcdsaVerify = 0x26, kPointCheck = 0x28;

// ECC Fp scalar multiplication (stm32wle5xx.h PKA_ECC_SCALAR_MUL_*).
namespace mul {
constexpr std::uint32_t kScalarBits = 0x400, kModulusBits = 0x404, kASign = 0x408, kA = 0x40C;
constexpr std::uint32_t kP = 0x460, kK = 0x508, kX = 0x55C, kY = 0x5B0; // result in X, Y
} // namespace mul
// Point on elliptic curve Fp check (PKA_POINT_CHECK_*).
namespace check {
constexpr std::uint32_t kModulusBits = 0x404, kASign = 0x408, kA = 0x40C, kB = 0x7FC;
constexpr std::uint32_t kP = 0x460, kX = 0x55C, kY = 0x5B0, kResult = 0x400;
} // namespace check
// ECDSA verification (PKA_ECDSA_VERIF_*).
namespace ver {
constexpr std::uint32_t kOrderBits = 0x404, kModulusBits = 0x4B4, kASign = 0x45C, kA = 0x460;
constexpr std::uint32_t kP = 0x4B8, kGx = 0x5E8, kGy = 0x63C, kQx = 0xF40, kQy = 0xF94;
constexpr std::uint32_t kR = 0x1098, kS = 0xA44, kZ = 0xFE8, kN = 0xD5C, kResult = 0x5B0;
} // namespace ver

bool validBits(std::uint32_t bits) {
    return bits > 8 && bits <= kMaxModulusBits;
}

void wipe(ecc::Number& number) {
    explicit_bzero(number.data(), number.size());
}

} // namespace

PkaPeripheral::~PkaPeripheral() {
    explicit_bzero(ram_.data(), sizeof ram_);
}

std::uint32_t PkaPeripheral::read(std::uint32_t offset) {
    if (offset == kCr)
        return cr_;
    if (offset == kSr)
        return sr_;
    if (offset >= kRam && offset < kRamEnd)
        return ram_[(offset - kRam) / 4];
    if (offset != kClrfr)
        sr_ |= kAddressError;
    return 0;
}

void PkaPeripheral::write(std::uint32_t offset, std::uint32_t value) {
    if (offset == kCr) {
        cr_ = value & ~kStart;
        if ((value & kEnable) && (value & kStart))
            operate((value >> kModeShift) & kModeMask);
    } else if (offset == kClrfr) {
        sr_ &= ~(value & kFlags);
    } else if (offset >= kRam && offset < kRamEnd) {
        ram_[(offset - kRam) / 4] = value;
    } else if (offset != kSr) {
        sr_ |= kAddressError;
    }
}

void PkaPeripheral::operate(std::uint32_t mode) {
    switch (mode) {
    case kEccMultiply:
    case kEccMultiplyFast:
        scalarMultiplication();
        break;
    case kPointCheck:
        pointCheck();
        break;
    case kEcdsaVerify:
        ecdsaVerification();
        break;
    default:
        ++unmodelled_;
        sr_ |= kProcessEnded;
        return;
    }
    ++modelled_;
    sr_ |= kProcessEnded;
}

std::vector<std::uint8_t> PkaPeripheral::operand(std::uint32_t offset, std::uint32_t bits) const {
    const std::uint32_t words = (bits + 31) / 32;
    if (offset < kRam || offset + 4 * words > kRamEnd)
        return {};
    std::vector<std::uint8_t> bigEndian(4 * words);
    for (std::uint32_t i = 0; i < words; ++i) { // the least significant word first
        const std::uint32_t w = ram_[(offset - kRam) / 4 + i];
        for (int b = 0; b < 4; ++b)
            bigEndian[4 * (words - 1 - i) + std::size_t(3 - b)] = std::uint8_t(w >> (8 * b));
    }
    return bigEndian;
}

void PkaPeripheral::store(std::uint32_t offset, const std::vector<std::uint8_t>& bigEndian) {
    const std::size_t words = bigEndian.size() / 4;
    for (std::size_t i = 0; i < words; ++i) {
        std::uint32_t w = 0;
        for (int b = 0; b < 4; ++b)
            w |= std::uint32_t(bigEndian[4 * (words - 1 - i) + std::size_t(3 - b)]) << (8 * b);
        word(offset + std::uint32_t(4 * i)) = w;
    }
    word(offset + std::uint32_t(4 * words)) = 0; // the operand's terminating zero word
}

void PkaPeripheral::scalarMultiplication() {
    const std::uint32_t bits = word(mul::kModulusBits), kBits = word(mul::kScalarBits);
    if (!validBits(bits))
        return; // undefined on silicon: the model leaves the RAM as it is
    const std::size_t size = 4 * ((bits + 31) / 32);
    std::optional<ecc::Point> result;
    if (kBits > 0 && kBits <= kMaxModulusBits) {
        const ecc::Curve curve{
            operand(mul::kP, bits), operand(mul::kA, bits), word(mul::kASign) != 0, {}};
        ecc::Number k = operand(mul::kK, kBits);
        result =
            ecc::scalarMultiply(curve, k, {operand(mul::kX, bits), operand(mul::kY, bits)}, size);
        wipe(k);
    }
    if (!result) // undefined on silicon: the model leaves zeros
        result = ecc::Point{ecc::Number(size), ecc::Number(size)};
    store(mul::kX, result->x);
    store(mul::kY, result->y);
    wipe(result->x);
    wipe(result->y);
}

void PkaPeripheral::pointCheck() {
    const std::uint32_t bits = word(check::kModulusBits);
    bool on = false;
    if (validBits(bits)) {
        const ecc::Curve curve{operand(check::kP, bits), operand(check::kA, bits),
                               word(check::kASign) != 0, operand(check::kB, bits)};
        on = ecc::onCurve(curve, {operand(check::kX, bits), operand(check::kY, bits)});
    }
    word(check::kResult) = on ? 0 : 1;
}

void PkaPeripheral::ecdsaVerification() {
    const std::uint32_t bits = word(ver::kModulusBits), orderBits = word(ver::kOrderBits);
    bool valid = false;
    if (validBits(bits) && validBits(orderBits)) {
        const ecc::Curve curve{
            operand(ver::kP, bits), operand(ver::kA, bits), word(ver::kASign) != 0, {}};
        valid = ecc::verify(curve, {operand(ver::kGx, bits), operand(ver::kGy, bits)},
                            operand(ver::kN, orderBits),
                            {operand(ver::kQx, bits), operand(ver::kQy, bits)},
                            {operand(ver::kR, orderBits), operand(ver::kS, orderBits)},
                            operand(ver::kZ, orderBits));
    }
    word(ver::kResult) = valid ? 0 : 1;
}

void PkaPeripheral::reset() {
    cr_ = sr_ = 0;
    explicit_bzero(ram_.data(), sizeof ram_);
}

} // namespace kps::mcuemu
