#pragma once
// The customer side's cryptography, in OpenSSL (no HSM): what a customer's own
// tooling does to open a listing or seal a file for the station.
#include "kps/openssl/handles.hpp"
#include "kps/secure/secret_bytes.hpp"
#include "kps/x509/signer.hpp"

#include <QByteArray>
#include <QString>
#include <memory>
#include <optional>

namespace kps::reports::crypto {

using Pkey = openssl::PkeyPtr;

/// The private key of a PEM file, read by OpenSSL straight from the file.
Pkey readPrivateKeyPem(const QString& path);
/// The public key of an X.509 certificate (DER).
Pkey publicKeyOf(std::span<const std::uint8_t> certificateDer);
/// Random bytes for a fresh key, in locked memory.
std::optional<secure::SecretBytes> randomSecret(std::size_t size);

/// The customer side's signer: a private key in a PEM file and its certificate (ECDSA
/// P-256 or RSA; RSA signs with PSS, salt 32). For files a customer seals for the station.
class PemSigner final : public x509::Signer {
public:
    static x509::Result<std::unique_ptr<PemSigner>> open(const QString& keyPath,
                                                         const QString& certificatePath);
    const x509::CertificateInfo& certificate() const override { return certificate_; }
    x509::Result<x509::Der> signDigest(std::span<const std::uint8_t, 32> digest) override;

private:
    PemSigner(Pkey key, x509::CertificateInfo certificate);
    Pkey key_;
    x509::CertificateInfo certificate_;
};
/// RSA-OAEP decryption with MGF1 on the same hash ("rsa-oaep-sha256"/"rsa-oaep-sha1").
std::optional<secure::SecretBytes> rsaOaepDecrypt(EVP_PKEY* key, const QByteArray& data,
                                                  const QString& wrap);
std::optional<QByteArray> rsaOaepEncrypt(EVP_PKEY* key, std::span<const std::uint8_t> data,
                                         const QString& wrap);
/// AES key wrap with padding (RFC 5649) under a 128/192/256-bit KEK.
std::optional<secure::SecretBytes> aesKwpUnwrap(std::span<const std::uint8_t> kek,
                                                const QByteArray& wrapped);
std::optional<QByteArray> aesKwpWrap(std::span<const std::uint8_t> kek,
                                     std::span<const std::uint8_t> key);
/// First 3 bytes of AES-CMAC(key, 16 zero bytes), as 6 hex digits.
QString kcvHex(std::span<const std::uint8_t> key);

} // namespace kps::reports::crypto
