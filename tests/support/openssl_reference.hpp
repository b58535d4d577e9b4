#pragma once
// Independent OpenSSL implementations of KDF-1 and the KCV, for checking the HSM path.
#include "kps/openssl/handles.hpp"

#include <QByteArray>

namespace kps::test {

inline QByteArray aesEcbBlock(const QByteArray& key, const QByteArray& block) {
    const EVP_CIPHER* cipher = key.size() == 32 ? EVP_aes_256_ecb() : EVP_aes_128_ecb();
    openssl::CipherCtxPtr context(EVP_CIPHER_CTX_new());
    QByteArray out(32, '\0');
    int length = 0;
    EVP_EncryptInit_ex(context.get(), cipher, nullptr,
                       reinterpret_cast<const unsigned char*>(key.data()), nullptr);
    EVP_CIPHER_CTX_set_padding(context.get(), 0);
    EVP_EncryptUpdate(context.get(), reinterpret_cast<unsigned char*>(out.data()), &length,
                      reinterpret_cast<const unsigned char*>(block.data()), 16);
    return out.left(16);
}

inline QByteArray aesCmac(const QByteArray& key, const QByteArray& message) {
    openssl::MacPtr mac(EVP_MAC_fetch(nullptr, "CMAC", nullptr));
    openssl::MacCtxPtr context(EVP_MAC_CTX_new(mac.get()));
    char cipherName[16];
    qstrcpy(cipherName, key.size() == 32 ? "AES-256-CBC" : "AES-128-CBC");
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("cipher", cipherName, 0),
                           OSSL_PARAM_END};
    EVP_MAC_init(context.get(), reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                 params);
    EVP_MAC_update(context.get(), reinterpret_cast<const unsigned char*>(message.data()),
                   message.size());
    QByteArray out(16, '\0');
    size_t length = 0;
    EVP_MAC_final(context.get(), reinterpret_cast<unsigned char*>(out.data()), &length, 16);
    return out;
}

inline QByteArray kcvOpenSsl(const QByteArray& key) {
    return aesCmac(key, QByteArray(16, '\0')).left(3);
}

} // namespace kps::test
