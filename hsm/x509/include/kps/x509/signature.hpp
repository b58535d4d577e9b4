#pragma once
// Checking a signature (always over SHA-256) with a certificate's public key.
#include <cstdint>
#include <span>
#include <string>

namespace kps::x509 {

/// Which signature verified: ECDSA, RSA PKCS#1 v1.5 (`openssl dgst -sign`'s default)
/// or RSA-PSS (any salt length), always over SHA-256.
enum class SignatureScheme { None, Ecdsa, RsaPkcs1, RsaPss };
std::string signatureSchemeName(SignatureScheme scheme);

SignatureScheme verifiedScheme(std::span<const std::uint8_t> certificateDer,
                               std::span<const std::uint8_t> data,
                               std::span<const std::uint8_t> signature);
/// The same for data known by its SHA-256 digest only (a file read as a stream).
SignatureScheme verifiedDigestScheme(std::span<const std::uint8_t> certificateDer,
                                     std::span<const std::uint8_t, 32> digest,
                                     std::span<const std::uint8_t> signature);

/// Verifies an ECDSA/RSA signature (DER) over `data` with the certificate's public key, SHA-256.
bool verifySignature(std::span<const std::uint8_t> certificateDer,
                     std::span<const std::uint8_t> data,
                     std::span<const std::uint8_t> signatureDer);

} // namespace kps::x509
