#pragma once
// Reading X.509 certificates of the parties the station deals with (customer,
// head-end, station itself): DER bytes, SHA-256 fingerprint, subject, validity.
#include "kps/x509/error.hpp"

#include <cstdint>
#include <ctime>
#include <span>
#include <string>
#include <vector>

namespace kps::x509 {

using Der = std::vector<std::uint8_t>;

enum class PublicKeyKind { Rsa, Ec, Other };

struct CertificateInfo {
    Der der;
    std::string sha256Hex; // lower-case hex of SHA-256(DER)
    std::string subject;   // RFC 2253 ("CN=Acme Water,O=Acme")
    PublicKeyKind keyKind = PublicKeyKind::Other;
    int keyBits = 0;
    std::time_t notBefore = 0;
    std::time_t notAfter = 0;
    bool allowsKeyEncipherment = true; // keyUsage absent, or has keyEncipherment
    bool allowsSigning = true;         // keyUsage absent, or has digitalSignature
    bool trailingData = false;         // bytes after the certificate (a second one, junk)
};

/// Parses the first PEM or DER certificate of `bytes`; whatever follows it, other than
/// white space after a PEM block, is noted in `trailingData`.
Result<CertificateInfo> parseCertificate(std::span<const std::uint8_t> bytes,
                                         const std::string& source);
/// Reads a certificate file of at most 64 KiB and parses it.
Result<CertificateInfo> readCertificateFile(const std::string& path);
std::string certificateToPem(std::span<const std::uint8_t> der);

std::string sha256Hex(std::span<const std::uint8_t> bytes);

} // namespace kps::x509
