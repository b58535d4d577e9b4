#include "kps/x509/signature.hpp"

#include "kps/openssl/handles.hpp"

#include <openssl/pem.h>
#include <openssl/rsa.h>

namespace kps::x509 {

using namespace openssl;

namespace {

X509Ptr decodeDer(std::span<const std::uint8_t> der) {
    const unsigned char* cursor = der.data();
    return X509Ptr(d2i_X509(nullptr, &cursor, static_cast<long>(der.size())));
}

bool verifyWith(EVP_PKEY* key, int rsaPadding, std::span<const std::uint8_t> data,
                std::span<const std::uint8_t> signature) {
    MdCtxPtr context(EVP_MD_CTX_new());
    EVP_PKEY_CTX* keyContext = nullptr; // owned by the digest context
    if (EVP_DigestVerifyInit(context.get(), &keyContext, EVP_sha256(), nullptr, key) != 1)
        return false;
    if (rsaPadding != 0) {
        if (EVP_PKEY_CTX_set_rsa_padding(keyContext, rsaPadding) != 1)
            return false;
        if (rsaPadding == RSA_PKCS1_PSS_PADDING &&
            EVP_PKEY_CTX_set_rsa_pss_saltlen(keyContext, RSA_PSS_SALTLEN_AUTO) != 1)
            return false;
    }
    return EVP_DigestVerify(context.get(), signature.data(), signature.size(), data.data(),
                            data.size()) == 1;
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

SignatureScheme verifiedScheme(std::span<const std::uint8_t> certificateDer,
                               std::span<const std::uint8_t> data,
                               std::span<const std::uint8_t> signature) {
    X509Ptr certificate = decodeDer(certificateDer);
    EVP_PKEY* key = certificate ? X509_get0_pubkey(certificate.get()) : nullptr;
    if (!key || signature.empty())
        return SignatureScheme::None;
    if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA)
        return verifyWith(key, 0, data, signature) ? SignatureScheme::Ecdsa : SignatureScheme::None;
    if (verifyWith(key, RSA_PKCS1_PADDING, data, signature))
        return SignatureScheme::RsaPkcs1;
    if (verifyWith(key, RSA_PKCS1_PSS_PADDING, data, signature))
        return SignatureScheme::RsaPss;
    return SignatureScheme::None;
}

bool verifySignature(std::span<const std::uint8_t> certificateDer,
                     std::span<const std::uint8_t> data,
                     std::span<const std::uint8_t> signatureDer) {
    return verifiedScheme(certificateDer, data, signatureDer) != SignatureScheme::None;
}

} // namespace kps::x509
