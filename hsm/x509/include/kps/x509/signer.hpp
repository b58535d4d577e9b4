#pragma once
// Whoever signs what leaves the station (listings, reports, audit checkpoints): a
// certificate and a signature over a SHA-256 digest, as DER (what `openssl dgst
// -sha256 -verify` expects). The token implements it (hsm::TokenSigner), so do the
// customer tools (a PEM key); writers only see this interface.
#include "kps/x509/certificate.hpp"

namespace kps::x509 {

class Signer {
public:
    virtual ~Signer() = default;
    virtual const CertificateInfo& certificate() const = 0;
    /// Signs a SHA-256 digest; returns a DER signature.
    virtual Result<Der> signDigest(std::span<const std::uint8_t, 32> digest) = 0;
    /// Signs SHA-256(data).
    Result<Der> signData(std::span<const std::uint8_t> data);
};

} // namespace kps::x509
