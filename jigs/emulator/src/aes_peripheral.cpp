#include "aes_peripheral.hpp"

#include <cstring>
#include <memory>
#include <openssl/evp.h>
#include <string.h> // explicit_bzero

namespace kps::mcuemu {
namespace {

constexpr std::uint32_t kCr = 0x00, kSr = 0x04, kDinr = 0x08, kDoutr = 0x0C;
constexpr std::uint32_t kKeyr0 = 0x10, kIvr0 = 0x20, kKeyr4 = 0x30;
constexpr std::uint32_t kEnable = 1u << 0;
constexpr unsigned kDataTypeShift = 1, kModeShift = 3;
constexpr std::uint32_t kChainingLow = 3u << 5, kChainingHigh = 1u << 16;
constexpr std::uint32_t kClearComplete = 1u << 7, kClearErrors = 1u << 8;
constexpr std::uint32_t kKeySize256 = 1u << 18;
constexpr std::uint32_t kComplete = 1u << 0, kReadError = 1u << 1, kWriteError = 1u << 2;
constexpr std::uint32_t kEcb = 0, kCbc = 1;
constexpr std::uint32_t kEncrypt = 0, kDecrypt = 2, kDeriveAndDecrypt = 3;

struct ContextFree {
    void operator()(EVP_CIPHER_CTX* context) const { EVP_CIPHER_CTX_free(context); }
};

void bigEndian(std::uint32_t word, std::uint8_t* out) {
    for (int i = 0; i < 4; ++i)
        out[i] = std::uint8_t(word >> (24 - 8 * i));
}

std::uint32_t fromBigEndian(const std::uint8_t* in) {
    return std::uint32_t(in[0]) << 24 | std::uint32_t(in[1]) << 16 | std::uint32_t(in[2]) << 8 |
           in[3];
}

/// One block through AES-ECB with OpenSSL; false if OpenSSL refused.
bool cipherBlock(const std::uint8_t* key, bool wide, bool encrypt, const std::uint8_t* in,
                 std::uint8_t* out) {
    std::unique_ptr<EVP_CIPHER_CTX, ContextFree> context(EVP_CIPHER_CTX_new());
    const EVP_CIPHER* cipher = wide ? EVP_aes_256_ecb() : EVP_aes_128_ecb();
    int length = 0;
    return context &&
           EVP_CipherInit_ex(context.get(), cipher, nullptr, key, nullptr, encrypt ? 1 : 0) == 1 &&
           EVP_CIPHER_CTX_set_padding(context.get(), 0) == 1 &&
           EVP_CipherUpdate(context.get(), out, &length, in, 16) == 1 && length == 16;
}

} // namespace

AesPeripheral::~AesPeripheral() {
    wipeState();
}

void AesPeripheral::wipeState() {
    explicit_bzero(key_.data(), sizeof key_);
    explicit_bzero(iv_.data(), sizeof iv_);
    explicit_bzero(in_.data(), sizeof in_);
    explicit_bzero(out_.data(), sizeof out_);
}

void AesPeripheral::reset() {
    wipeState();
    cr_ = sr_ = 0;
    inCount_ = 0;
    outCount_ = 4;
}

std::uint32_t AesPeripheral::read(std::uint32_t offset) {
    if (offset == kCr)
        return cr_;
    if (offset == kSr)
        return sr_;
    if (offset == kDoutr)
        return readData();
    if (offset >= kKeyr0 && offset < kIvr0)
        return 0; // key registers are write-only
    if (offset >= kIvr0 && offset < kKeyr4)
        return iv_[(offset - kIvr0) / 4];
    return 0;
}

void AesPeripheral::write(std::uint32_t offset, std::uint32_t value) {
    if (offset == kCr)
        writeControl(value);
    else if (offset == kDinr)
        writeData(value);
    else if (offset >= kKeyr0 && offset < kIvr0)
        key_[(offset - kKeyr0) / 4] = value;
    else if (offset >= kIvr0 && offset < kKeyr4)
        iv_[(offset - kIvr0) / 4] = value;
    else if (offset >= kKeyr4 && offset < kKeyr4 + 16)
        key_[4 + (offset - kKeyr4) / 4] = value;
}

void AesPeripheral::writeControl(std::uint32_t value) {
    if (value & kClearComplete)
        sr_ &= ~kComplete;
    if (value & kClearErrors)
        sr_ &= ~(kReadError | kWriteError);
    const bool enabling = (value & kEnable) && !(cr_ & kEnable);
    cr_ = value & ~(kClearComplete | kClearErrors);
    if (enabling || !(cr_ & kEnable)) {
        inCount_ = 0; // a new message starts
        outCount_ = 4;
    }
}

std::uint32_t AesPeripheral::swapped(std::uint32_t word) const {
    switch ((cr_ >> kDataTypeShift) & 3) {
    case 1: // half-words swapped
        return word << 16 | word >> 16;
    case 2: // bytes swapped
        return __builtin_bswap32(word);
    case 3: { // bits swapped
        std::uint32_t reversed = 0;
        for (int i = 0; i < 32; ++i)
            reversed |= ((word >> i) & 1u) << (31 - i);
        return reversed;
    }
    default:
        return word;
    }
}

void AesPeripheral::writeData(std::uint32_t word) {
    if (!(cr_ & kEnable))
        return;
    if (sr_ & kComplete) {
        sr_ |= kWriteError; // the output of the last block was not taken yet
        return;
    }
    in_[inCount_++] = swapped(word);
    if (inCount_ == 4) {
        inCount_ = 0;
        processBlock();
    }
}

std::uint32_t AesPeripheral::readData() {
    if (outCount_ >= 4) {
        sr_ |= kReadError;
        return 0;
    }
    return swapped(out_[outCount_++]);
}

void AesPeripheral::processBlock() {
    const bool wide = cr_ & kKeySize256;
    const std::uint32_t chaining = ((cr_ & kChainingLow) >> 5) | ((cr_ & kChainingHigh) ? 4 : 0);
    const std::uint32_t mode = (cr_ >> kModeShift) & 3;
    const bool encrypt = mode == kEncrypt;
    std::uint8_t key[32], block[16], chain[16], result[16];
    const int keyWords = wide ? 8 : 4;
    for (int i = 0; i < keyWords; ++i) // the last register holds the first key bytes
        bigEndian(key_[std::size_t(keyWords - 1 - i)], key + 4 * i);
    for (int i = 0; i < 4; ++i) {
        bigEndian(in_[std::size_t(i)], block + 4 * i);
        bigEndian(iv_[std::size_t(3 - i)], chain + 4 * i);
    }
    const bool supported = (chaining == kEcb || chaining == kCbc) &&
                           (encrypt || mode == kDecrypt || mode == kDeriveAndDecrypt);
    if (supported && encrypt && chaining == kCbc)
        for (int i = 0; i < 16; ++i)
            block[i] ^= chain[i];
    if (!supported || !cipherBlock(key, wide, encrypt, block, result))
        std::memset(result, 0, sizeof result);
    if (supported && !encrypt && chaining == kCbc)
        for (int i = 0; i < 16; ++i)
            result[i] ^= chain[i];
    if (chaining == kCbc) // the next block chains on this ciphertext
        for (int i = 0; i < 4; ++i)
            iv_[std::size_t(3 - i)] = fromBigEndian((encrypt ? result : block) + 4 * i);
    for (int i = 0; i < 4; ++i)
        out_[std::size_t(i)] = fromBigEndian(result + 4 * i);
    outCount_ = 0;
    sr_ |= kComplete;
    ++blocks_;
    explicit_bzero(key, sizeof key);
    explicit_bzero(block, sizeof block);
    explicit_bzero(result, sizeof result);
}

} // namespace kps::mcuemu
