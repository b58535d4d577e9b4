#include "kps/hsm/token_signer.hpp"

#include "kps/hsm/certificates.hpp"
#include "kps/hsm/module.hpp"
#include "kps/hsm/object.hpp"
#include "kps/hsm/session.hpp"

namespace kps::hsm {

TokenSigner::TokenSigner(std::unique_ptr<Session> session, CK_OBJECT_HANDLE key,
                         std::string keyLabel, x509::CertificateInfo certificate)
    : session_(std::move(session))
    , key_(key)
    , keyLabel_(std::move(keyLabel))
    , certificate_(std::move(certificate)) {}

TokenSigner::~TokenSigner() = default;

Result<std::unique_ptr<TokenSigner>> TokenSigner::open(const Module& module, CK_SLOT_ID slot,
                                                       const std::string& keyLabel,
                                                       x509::CertificateInfo certificate) {
    KPS_TRY_LET(session, Session::open(module, slot));
    KPS_TRY_LET(key, findByLabel(session, CKO_PRIVATE_KEY, keyLabel));
    return std::unique_ptr<TokenSigner>(new TokenSigner(
        std::make_unique<Session>(std::move(session)), key, keyLabel, std::move(certificate)));
}

Result<x509::Der> TokenSigner::signWithToken(std::span<const std::uint8_t, 32> digest) {
    auto raw = signEcdsaDigest(*session_, key_, digest);
    if (!raw && isHandleGone(raw.error().rv)) {
        KPS_TRY_LET(key, findByLabel(*session_, CKO_PRIVATE_KEY, keyLabel_));
        key_ = key;
        raw = signEcdsaDigest(*session_, key_, digest);
    }
    KPS_TRY(raw);
    return ecdsaSignatureToDer(*raw);
}

x509::Result<x509::Der> TokenSigner::signDigest(std::span<const std::uint8_t, 32> digest) {
    std::lock_guard lock(mutex_);
    auto signature = signWithToken(digest);
    if (!signature)
        return x509::fail("sign with the station key", signature.error().object,
                          signature.error().message());
    return std::move(*signature);
}

} // namespace kps::hsm
