#include "kps/hsm/signer.hpp"

#include "kps/hsm/module.hpp"
#include "kps/hsm/object.hpp"
#include "kps/hsm/session.hpp"

#include <openssl/sha.h>

namespace kps::hsm {

Result<Der> Signer::signData(std::span<const std::uint8_t> data) {
    std::array<std::uint8_t, 32> digest;
    SHA256(data.data(), data.size(), digest.data());
    return signDigest(digest);
}

TokenSigner::TokenSigner(std::unique_ptr<Session> session, CK_OBJECT_HANDLE key,
                         std::string keyLabel, CertificateInfo certificate)
    : session_(std::move(session))
    , key_(key)
    , keyLabel_(std::move(keyLabel))
    , certificate_(std::move(certificate)) {}

TokenSigner::~TokenSigner() = default;

Result<std::unique_ptr<TokenSigner>> TokenSigner::open(const Module& module, CK_SLOT_ID slot,
                                                       const std::string& keyLabel,
                                                       CertificateInfo certificate) {
    auto session = Session::open(module, slot);
    if (!session)
        return tl::unexpected(session.error());
    auto key = findByLabel(*session, CKO_PRIVATE_KEY, keyLabel);
    if (!key)
        return tl::unexpected(key.error());
    return std::unique_ptr<TokenSigner>(new TokenSigner(
        std::make_unique<Session>(std::move(*session)), *key, keyLabel, std::move(certificate)));
}

Result<Der> TokenSigner::signDigest(std::span<const std::uint8_t, 32> digest) {
    std::lock_guard lock(mutex_);
    auto raw = signEcdsaDigest(*session_, key_, digest);
    if (!raw && isHandleGone(raw.error().rv)) {
        auto key = findByLabel(*session_, CKO_PRIVATE_KEY, keyLabel_);
        if (!key)
            return tl::unexpected(key.error());
        key_ = *key;
        raw = signEcdsaDigest(*session_, key_, digest);
    }
    if (!raw)
        return tl::unexpected(raw.error());
    return ecdsaSignatureToDer(*raw);
}

} // namespace kps::hsm
