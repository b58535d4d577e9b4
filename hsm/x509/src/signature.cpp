#include "kps/x509/signature.hpp"

#include "kps/openssl/handles.hpp"

#include <array>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>

namespace kps::x509 {

using namespace openssl;

namespace {

X509Ptr decodeDer(std::span<const std::uint8_t> der) {
    const unsigned char* cursor = der.data();
    return X509Ptr(d2i_X509(nullptr, &cursor, static_cast<long>(der.size())));
}

bool verifyWith(EVP_PKEY* key, int rsaPadding, std::span<const std::uint8_t, 32> digest,
                std::span<const std::uint8_t> signature) {
    PkeyCtxPtr context(EVP_PKEY_CTX_new(key, nullptr));
    if (!context || EVP_PKEY_verify_init(context.get()) != 1 ||
        EVP_PKEY_CTX_set_signature_md(context.get(), EVP_sha256()) != 1)
        return false;
    if (rsaPadding != 0) {
        if (EVP_PKEY_CTX_set_rsa_padding(context.get(), rsaPadding) != 1)
            return false;
        if (rsaPadding == RSA_PKCS1_PSS_PADDING &&
            EVP_PKEY_CTX_set_rsa_pss_saltlen(context.get(), RSA_PSS_SALTLEN_AUTO) != 1)
            return false;
    }
    return EVP_PKEY_verify(context.get(), signature.data(), signature.size(), digest.data(),
                           digest.size()) == 1;
}

} // namespace

std::string signatureSchemeName(SignatureScheme scheme) {
    switch (scheme) {
    case SignatureScheme::Ecdsa:
        return "ecdsa-sha256";
    case SignatureScheme::RsaPkcs1:
        return "rsa-pkcs1-sha256";
    case SignatureScheme::RsaPss:
        return "rsa-pss-sha256";
    case SignatureScheme::None:
        break;
    }
    return "none";
}

SignatureScheme verifiedDigestScheme(std::span<const std::uint8_t> certificateDer,
                                     std::span<const std::uint8_t, 32> digest,
                                     std::span<const std::uint8_t> signature) {
    X509Ptr certificate = decodeDer(certificateDer);
    EVP_PKEY* key = certificate ? X509_get0_pubkey(certificate.get()) : nullptr;
    if (!key || signature.empty())
        return SignatureScheme::None;
    if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA)
        return verifyWith(key, 0, digest, signature) ? SignatureScheme::Ecdsa
                                                     : SignatureScheme::None;
    if (verifyWith(key, RSA_PKCS1_PADDING, digest, signature))
        return SignatureScheme::RsaPkcs1;
    if (verifyWith(key, RSA_PKCS1_PSS_PADDING, digest, signature))
        return SignatureScheme::RsaPss;
    return SignatureScheme::None;
}

SignatureScheme verifiedScheme(std::span<const std::uint8_t> certificateDer,
                               std::span<const std::uint8_t> data,
                               std::span<const std::uint8_t> signature) {
    std::array<std::uint8_t, SHA256_DIGEST_LENGTH> digest;
    SHA256(data.data(), data.size(), digest.data());
    return verifiedDigestScheme(certificateDer, digest, signature);
}

bool verifySignature(std::span<const std::uint8_t> certificateDer,
                     std::span<const std::uint8_t> data,
                     std::span<const std::uint8_t> signatureDer) {
    return verifiedScheme(certificateDer, data, signatureDer) != SignatureScheme::None;
}

} // namespace kps::x509
