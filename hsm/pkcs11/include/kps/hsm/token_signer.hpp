#pragma once
// The station's signature: ECDSA P-256 over SHA-256, made by the token, given out
// as DER (what `openssl dgst -sha256 -verify` expects), behind x509::Signer.
#include "kps/hsm/error.hpp"
#include "kps/x509/signer.hpp"

#include <memory>
#include <mutex>

namespace kps::hsm {

class Module;
class Session;

/// A signer backed by a private key on a token; thread-safe (own session, one at a time).
class TokenSigner final : public x509::Signer {
public:
    static Result<std::unique_ptr<TokenSigner>> open(const Module& module, CK_SLOT_ID slot,
                                                     const std::string& keyLabel,
                                                     x509::CertificateInfo certificate);
    ~TokenSigner() override;
    const x509::CertificateInfo& certificate() const override { return certificate_; }
    /// A failure names the PKCS#11 call and its code in the reason.
    x509::Result<x509::Der> signDigest(std::span<const std::uint8_t, 32> digest) override;

private:
    TokenSigner(std::unique_ptr<Session> session, CK_OBJECT_HANDLE key, std::string keyLabel,
                x509::CertificateInfo certificate);
    Result<x509::Der> signWithToken(std::span<const std::uint8_t, 32> digest);
    std::mutex mutex_;
    std::unique_ptr<Session> session_;
    CK_OBJECT_HANDLE key_;
    std::string keyLabel_; // to find the key again when a logout invalidated the handle
    x509::CertificateInfo certificate_;
};

} // namespace kps::hsm
