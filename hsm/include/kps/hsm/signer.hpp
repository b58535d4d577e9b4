#pragma once
// The station's signature: ECDSA P-256 over SHA-256, made by the token, given out
// as DER (what `openssl dgst -sha256 -verify` expects).
#include "kps/hsm/certificates.hpp"
#include "kps/hsm/x509.hpp"

#include <memory>
#include <mutex>

namespace kps::hsm {

class Module;

class Signer {
public:
    virtual ~Signer() = default;
    virtual const CertificateInfo& certificate() const = 0;
    /// Signs a SHA-256 digest; returns a DER ECDSA signature.
    virtual Result<Der> signDigest(std::span<const std::uint8_t, 32> digest) = 0;
    Result<Der> signData(std::span<const std::uint8_t> data);
};

/// A signer backed by a private key on a token; thread-safe (own session, one at a time).
class TokenSigner final : public Signer {
public:
    static Result<std::unique_ptr<TokenSigner>> open(const Module& module, CK_SLOT_ID slot,
                                                     const std::string& keyLabel,
                                                     CertificateInfo certificate);
    ~TokenSigner() override;
    const CertificateInfo& certificate() const override { return certificate_; }
    Result<Der> signDigest(std::span<const std::uint8_t, 32> digest) override;

private:
    TokenSigner(std::unique_ptr<class Session> session, CK_OBJECT_HANDLE key, std::string keyLabel,
                CertificateInfo certificate);
    std::mutex mutex_;
    std::unique_ptr<class Session> session_;
    CK_OBJECT_HANDLE key_;
    std::string keyLabel_; // to find the key again when a logout invalidated the handle
    CertificateInfo certificate_;
};

} // namespace kps::hsm
