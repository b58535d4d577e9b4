#pragma once
// Reading X.509 certificates of the parties the station deals with (customer,
// head-end, station itself): DER bytes, SHA-256 fingerprint, subject, validity.
#include "kps/hsm/error.hpp"

#include <cstdint>
#include <ctime>
#include <span>
#include <string>
#include <vector>

namespace kps::hsm {

enum class PublicKeyKind { Rsa, Ec, Other };

struct CertificateInfo {
    std::vector<std::uint8_t> der;
    std::string sha256Hex; // lower-case hex of SHA-256(DER)
    std::string subject;   // RFC 2253 ("CN=Acme Water,O=Acme")
    PublicKeyKind keyKind = PublicKeyKind::Other;
    int keyBits = 0;
    std::time_t notBefore = 0;
    std::time_t notAfter = 0;
    bool allowsKeyEncipherment = true; // keyUsage absent, or has keyEncipherment
    bool allowsSigning = true;         // keyUsage absent, or has digitalSignature
};

/// Parses PEM or DER.
Result<CertificateInfo> parseCertificate(std::span<const std::uint8_t> bytes,
                                         const std::string& source);
Result<CertificateInfo> readCertificateFile(const std::string& path);
std::string certificateToPem(std::span<const std::uint8_t> der);

std::string sha256Hex(std::span<const std::uint8_t> bytes);

/// Which signature verified: ECDSA, RSA PKCS#1 v1.5 (`openssl dgst -sign`'s default)
/// or RSA-PSS (any salt length), always over SHA-256.
enum class SignatureScheme { None, Ecdsa, RsaPkcs1, RsaPss };
std::string signatureSchemeName(SignatureScheme scheme);

SignatureScheme verifiedScheme(std::span<const std::uint8_t> certificateDer,
                               std::span<const std::uint8_t> data,
                               std::span<const std::uint8_t> signature);

/// Verifies an ECDSA/RSA signature (DER) over `data` with the certificate's public key, SHA-256.
bool verifySignature(std::span<const std::uint8_t> certificateDer,
                     std::span<const std::uint8_t> data,
                     std::span<const std::uint8_t> signatureDer);

} // namespace kps::hsm
