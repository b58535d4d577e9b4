#include "kps/jigs/oms_telegram.hpp"

#include "kps/jigs/wipe.hpp"

#include <memory>
#include <openssl/evp.h>

namespace kps::jigs::oms {
namespace {

tl::unexpected<JigError> bad(const char* reason) {
    return fail(JigFault::Protocol, "OMS mode 5 telegram", "telegram", reason);
}

bool aesCbc(bool encrypt, std::span<const std::uint8_t> key, const std::array<std::uint8_t, 16>& iv,
            std::span<const std::uint8_t> in, std::span<std::uint8_t> out) {
    std::unique_ptr<EVP_CIPHER_CTX, void (*)(EVP_CIPHER_CTX*)> context(EVP_CIPHER_CTX_new(),
                                                                       EVP_CIPHER_CTX_free);
    int length = 0;
    int final = 0;
    return context &&
           EVP_CipherInit_ex(context.get(), EVP_aes_128_cbc(), nullptr, key.data(), iv.data(),
                             encrypt ? 1 : 0) == 1 &&
           EVP_CIPHER_CTX_set_padding(context.get(), 0) == 1 &&
           EVP_CipherUpdate(context.get(), out.data(), &length, in.data(), int(in.size())) == 1 &&
           EVP_CipherFinal_ex(context.get(), out.data() + length, &final) == 1 &&
           std::size_t(length + final) == in.size();
}

} // namespace

std::array<std::uint8_t, 16> mode5Iv(const std::array<std::uint8_t, 8>& address,
                                     std::uint8_t accessNumber) {
    std::array<std::uint8_t, 16> iv{};
    std::copy(address.begin(), address.end(), iv.begin());
    std::fill(iv.begin() + 8, iv.end(), accessNumber);
    return iv;
}

Result<std::vector<std::uint8_t>> encryptMode5(std::span<const std::uint8_t> key,
                                               const Mode5Frame& frame,
                                               std::span<const std::uint8_t> plaintext) {
    if (key.size() != 16)
        return bad("mode 5 needs an AES-128 key");
    if (plaintext.size() < 2 || plaintext[0] != 0x2F || plaintext[1] != 0x2F)
        return bad("the plaintext must start with 2F2F");
    const std::size_t blocks = (plaintext.size() + 15) / 16;
    if (blocks > 15 || kHeaderSize + blocks * 16 > 256)
        return bad("too long for one telegram");
    std::vector<std::uint8_t> filled(blocks * 16, 0x2F);
    std::copy(plaintext.begin(), plaintext.end(), filled.begin());
    std::vector<std::uint8_t> telegram(kHeaderSize + filled.size());
    telegram[0] = std::uint8_t(telegram.size() - 1);
    telegram[1] = frame.control;
    std::copy(frame.address.begin(), frame.address.end(), telegram.begin() + 2);
    telegram[10] = kShortTpl;
    telegram[11] = frame.accessNumber;
    telegram[12] = frame.status;
    const std::uint16_t configuration =
        std::uint16_t((frame.configurationFlags & ~0x1FF0u) | 5u << 8 | blocks << 4);
    telegram[13] = std::uint8_t(configuration);
    telegram[14] = std::uint8_t(configuration >> 8);
    const bool ok = aesCbc(true, key, mode5Iv(frame.address, frame.accessNumber), filled,
                           std::span(telegram).subspan(kHeaderSize));
    wipe(filled);
    if (!ok)
        return bad("AES-128-CBC failed");
    return telegram;
}

Result<std::vector<std::uint8_t>> decryptMode5(std::span<const std::uint8_t> key,
                                               std::span<const std::uint8_t> telegram) {
    if (key.size() != 16)
        return bad("mode 5 needs an AES-128 key");
    if (telegram.size() < kHeaderSize || telegram[0] != telegram.size() - 1 ||
        telegram[10] != kShortTpl)
        return bad("not a telegram with a short transport layer (CI 7A)");
    const std::uint16_t configuration = std::uint16_t(telegram[13] | telegram[14] << 8);
    const std::size_t blocks = (configuration >> 4) & 0x0F;
    if (((configuration >> 8) & 0x1F) != 5)
        return bad("not security mode 5");
    if (kHeaderSize + blocks * 16 > telegram.size())
        return bad("the encrypted blocks run past the telegram");
    std::array<std::uint8_t, 8> address{};
    std::copy_n(telegram.begin() + 2, 8, address.begin());
    std::vector<std::uint8_t> plaintext(blocks * 16);
    if (!aesCbc(false, key, mode5Iv(address, telegram[11]),
                telegram.subspan(kHeaderSize, blocks * 16), plaintext))
        return bad("AES-128-CBC failed");
    if (plaintext.size() < 2 || plaintext[0] != 0x2F || plaintext[1] != 0x2F)
        return bad("no 2F2F after decryption: wrong key");
    return plaintext;
}

} // namespace kps::jigs::oms
