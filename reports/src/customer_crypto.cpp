#include "customer_crypto.hpp"

#include "kps/secure/trusted_files.hpp"

#include <QFile>
#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

namespace kps::reports::crypto {

using namespace openssl;

namespace {

const EVP_MD* oaepDigest(const QString& wrap) {
    return wrap == QLatin1String("rsa-oaep-sha256") ? EVP_sha256() : EVP_sha1();
}

bool setOaep(EVP_PKEY_CTX* context, const QString& wrap) {
    return EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_OAEP_PADDING) > 0 &&
           EVP_PKEY_CTX_set_rsa_oaep_md(context, oaepDigest(wrap)) > 0 &&
           EVP_PKEY_CTX_set_rsa_mgf1_md(context, oaepDigest(wrap)) > 0;
}

const EVP_CIPHER* kwpCipher(std::size_t kekBytes) {
    switch (kekBytes) {
    case 16:
        return EVP_aes_128_wrap_pad();
    case 24:
        return EVP_aes_192_wrap_pad();
    case 32:
        return EVP_aes_256_wrap_pad();
    default:
        return nullptr;
    }
}

} // namespace

Pkey readPrivateKeyPem(const QString& path) {
    constexpr std::uint64_t kMaxKeyFile = 64 * 1024;
    auto pem = secure::readSecretInput(QFile::encodeName(path).toStdString(), kMaxKeyFile,
                                       secure::Exposure::Public); // the customer's own file
    if (!pem)
        return nullptr;
    BioPtr bio(BIO_new_mem_buf(pem->data(), int(pem->size())));
    if (!bio)
        return nullptr;
    return Pkey(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
}

std::optional<secure::SecretBytes> rsaOaepDecrypt(EVP_PKEY* key, const QByteArray& data,
                                                  const QString& wrap) {
    PkeyCtxPtr context(EVP_PKEY_CTX_new(key, nullptr));
    std::size_t length = 0;
    const auto* in = reinterpret_cast<const unsigned char*>(data.constData());
    if (!context || EVP_PKEY_decrypt_init(context.get()) <= 0 || !setOaep(context.get(), wrap) ||
        EVP_PKEY_decrypt(context.get(), nullptr, &length, in, std::size_t(data.size())) <= 0)
        return std::nullopt;
    secure::SecretBytes out(length);
    if (EVP_PKEY_decrypt(context.get(), out.data(), &length, in, std::size_t(data.size())) <= 0)
        return std::nullopt;
    out.shrink(length);
    return out;
}

std::optional<QByteArray> rsaOaepEncrypt(EVP_PKEY* key, std::span<const std::uint8_t> data,
                                         const QString& wrap) {
    PkeyCtxPtr context(EVP_PKEY_CTX_new(key, nullptr));
    std::size_t length = 0;
    if (!context || EVP_PKEY_encrypt_init(context.get()) <= 0 || !setOaep(context.get(), wrap) ||
        EVP_PKEY_encrypt(context.get(), nullptr, &length, data.data(), data.size()) <= 0)
        return std::nullopt;
    QByteArray out(qsizetype(length), '\0');
    if (EVP_PKEY_encrypt(context.get(), reinterpret_cast<unsigned char*>(out.data()), &length,
                         data.data(), data.size()) <= 0)
        return std::nullopt;
    out.resize(qsizetype(length));
    return out;
}

std::optional<secure::SecretBytes> aesKwpUnwrap(std::span<const std::uint8_t> kek,
                                                const QByteArray& wrapped) {
    const EVP_CIPHER* cipher = kwpCipher(kek.size());
    CipherCtxPtr context(EVP_CIPHER_CTX_new());
    if (!cipher || !context || wrapped.size() < 16)
        return std::nullopt;
    EVP_CIPHER_CTX_set_flags(context.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
    secure::SecretBytes out(std::size_t(wrapped.size()));
    int length = 0, tail = 0;
    if (EVP_DecryptInit_ex(context.get(), cipher, nullptr, kek.data(), nullptr) != 1 ||
        EVP_DecryptUpdate(context.get(), out.data(), &length,
                          reinterpret_cast<const unsigned char*>(wrapped.constData()),
                          int(wrapped.size())) != 1 ||
        length <= 0 || EVP_DecryptFinal_ex(context.get(), out.data() + length, &tail) != 1)
        return std::nullopt;
    out.shrink(std::size_t(length + tail));
    return out;
}

std::optional<QByteArray> aesKwpWrap(std::span<const std::uint8_t> kek,
                                     std::span<const std::uint8_t> key) {
    const EVP_CIPHER* cipher = kwpCipher(kek.size());
    CipherCtxPtr context(EVP_CIPHER_CTX_new());
    if (!cipher || !context)
        return std::nullopt;
    EVP_CIPHER_CTX_set_flags(context.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
    QByteArray out(qsizetype(key.size() + 16), '\0');
    int length = 0, tail = 0;
    auto* at = reinterpret_cast<unsigned char*>(out.data());
    if (EVP_EncryptInit_ex(context.get(), cipher, nullptr, kek.data(), nullptr) != 1 ||
        EVP_EncryptUpdate(context.get(), at, &length, key.data(), int(key.size())) != 1 ||
        EVP_EncryptFinal_ex(context.get(), at + length, &tail) != 1)
        return std::nullopt;
    out.resize(length + tail);
    return out;
}

QString kcvHex(std::span<const std::uint8_t> key) {
    MacPtr mac(EVP_MAC_fetch(nullptr, "CMAC", nullptr));
    MacCtxPtr context(mac ? EVP_MAC_CTX_new(mac.get()) : nullptr);
    char cipherName[16];
    qstrcpy(cipherName, key.size() == 32   ? "AES-256-CBC"
                        : key.size() == 24 ? "AES-192-CBC"
                                           : "AES-128-CBC");
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, cipherName, 0),
                           OSSL_PARAM_END};
    const unsigned char zeros[16] = {};
    unsigned char out[16] = {};
    std::size_t length = 0;
    const bool ok = context && EVP_MAC_init(context.get(), key.data(), key.size(), params) == 1 &&
                    EVP_MAC_update(context.get(), zeros, sizeof zeros) == 1 &&
                    EVP_MAC_final(context.get(), out, &length, sizeof out) == 1;
    return ok ? QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(out), 3).toHex())
              : QString();
}

} // namespace kps::reports::crypto
