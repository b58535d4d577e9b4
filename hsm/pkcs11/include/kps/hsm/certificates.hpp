#pragma once
// X.509 certificates for keys that live in the token: the station's signing key
// certifies itself and the import key. The token signs; OpenSSL only encodes.
#include "kps/hsm/error.hpp"
#include "kps/hsm/key_ops.hpp"
#include "kps/x509/certificate.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace kps::hsm {

class Session;

using x509::Der;

struct CertificateSubject {
    std::string commonName;
    std::string organization;
    int validDays = 3650;
    bool forSigning = true; // keyUsage digitalSignature(+keyCertSign) vs keyEncipherment
};

/// Self-signed certificate for an EC P-256 key pair held in the token.
Result<Der> selfSignEcdsa(const Session& session, const KeyPair& key,
                          const CertificateSubject& subject);

/// Certificate for any token public key (RSA or EC), issued by the EC signing key.
Result<Der> issueWithEcdsa(const Session& session, CK_OBJECT_HANDLE issuerPrivateKey,
                           std::span<const std::uint8_t> issuerCertificate,
                           CK_OBJECT_HANDLE subjectPublicKey, const CertificateSubject& subject);

/// ECDSA r||s as PKCS#11 returns it, re-encoded as the DER that openssl dgst expects.
Result<Der> ecdsaSignatureToDer(std::span<const std::uint8_t> rawSignature);

/// An RSA public key from a certificate, as a session object usable for wrapping.
Result<SessionObject> importRsaPublicKey(const Session& session,
                                         std::span<const std::uint8_t> certificate,
                                         const std::string& label);

} // namespace kps::hsm
