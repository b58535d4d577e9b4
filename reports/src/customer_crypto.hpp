#pragma once
// The customer side's cryptography, in OpenSSL (no HSM): what a customer's own
// tooling does to open a listing or seal a file for the station.
#include "kps/hsm/secret_bytes.hpp"

#include <QByteArray>
#include <QString>
#include <memory>
#include <openssl/evp.h>
#include <optional>

namespace kps::reports::crypto {

struct PkeyFree {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

Pkey readPrivateKeyPem(const QString& path);
/// RSA-OAEP decryption with MGF1 on the same hash ("rsa-oaep-sha256"/"rsa-oaep-sha1").
std::optional<hsm::SecretBytes> rsaOaepDecrypt(EVP_PKEY* key, const QByteArray& data,
                                               const QString& wrap);
std::optional<QByteArray> rsaOaepEncrypt(EVP_PKEY* key, std::span<const std::uint8_t> data,
                                         const QString& wrap);
/// AES key wrap with padding (RFC 5649) under a 128/192/256-bit KEK.
std::optional<hsm::SecretBytes> aesKwpUnwrap(std::span<const std::uint8_t> kek,
                                             const QByteArray& wrapped);
std::optional<QByteArray> aesKwpWrap(std::span<const std::uint8_t> kek,
                                     std::span<const std::uint8_t> key);
/// First 3 bytes of AES-CMAC(key, 16 zero bytes), as 6 hex digits.
QString kcvHex(std::span<const std::uint8_t> key);

} // namespace kps::reports::crypto
