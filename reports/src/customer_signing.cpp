// Signatures on the customer's side (OpenSSL, no HSM): signing the files a customer
// seals for the station. Signatures are checked with x509 (x509/signature.hpp).
#include "customer_crypto.hpp"

#include <QFile>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

namespace kps::reports::crypto {

using namespace openssl;

namespace {

using PkeyCtx = PkeyCtxPtr;

bool isRsa(EVP_PKEY* key) {
    return EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA;
}

/// A context that signs a SHA-256 digest: ECDSA, or RSA-PSS with a 32-byte salt.
PkeyCtx signingContext(EVP_PKEY* key) {
    PkeyCtx context(EVP_PKEY_CTX_new(key, nullptr));
    if (!context || EVP_PKEY_sign_init(context.get()) <= 0 ||
        EVP_PKEY_CTX_set_signature_md(context.get(), EVP_sha256()) <= 0)
        return nullptr;
    if (isRsa(key) && (EVP_PKEY_CTX_set_rsa_padding(context.get(), RSA_PKCS1_PSS_PADDING) <= 0 ||
                       EVP_PKEY_CTX_set_rsa_pss_saltlen(context.get(), 32) <= 0))
        return nullptr;
    return context;
}

x509::Error signError(const QString& object, const char* what) {
    return x509::Error{"OpenSSL " + std::string(what), object.toStdString(),
                       "check the key and certificate files"};
}

} // namespace

Pkey publicKeyOf(std::span<const std::uint8_t> certificateDer) {
    const unsigned char* at = certificateDer.data();
    X509Ptr certificate(d2i_X509(nullptr, &at, long(certificateDer.size())));
    return Pkey(certificate ? X509_get_pubkey(certificate.get()) : nullptr);
}

std::optional<secure::SecretBytes> randomSecret(std::size_t size) {
    secure::SecretBytes secret(size);
    if (RAND_priv_bytes(secret.data(), int(size)) != 1)
        return std::nullopt;
    return secret;
}

PemSigner::PemSigner(Pkey key, x509::CertificateInfo certificate)
    : key_(std::move(key))
    , certificate_(std::move(certificate)) {}

x509::Result<std::unique_ptr<PemSigner>> PemSigner::open(const QString& keyPath,
                                                         const QString& certificatePath) {
    auto certificate = x509::readCertificateFile(certificatePath.toStdString());
    if (!certificate)
        return tl::unexpected(certificate.error());
    Pkey key = readPrivateKeyPem(keyPath);
    if (!key)
        return tl::unexpected(signError(keyPath, "read a PEM private key"));
    Pkey published = publicKeyOf(certificate->der);
    if (!published || EVP_PKEY_eq(published.get(), key.get()) != 1)
        return tl::unexpected(
            x509::Error{"match key and certificate", keyPath.toStdString(),
                        "the private key does not belong to " + certificatePath.toStdString()});
    return std::unique_ptr<PemSigner>(new PemSigner(std::move(key), std::move(*certificate)));
}

x509::Result<x509::Der> PemSigner::signDigest(std::span<const std::uint8_t, 32> digest) {
    PkeyCtx context = signingContext(key_.get());
    std::size_t length = 0;
    if (!context || EVP_PKEY_sign(context.get(), nullptr, &length, digest.data(), 32) <= 0)
        return tl::unexpected(signError(QString(), "prepare a signature"));
    x509::Der signature(length);
    if (EVP_PKEY_sign(context.get(), signature.data(), &length, digest.data(), 32) <= 0)
        return tl::unexpected(signError(QString(), "sign"));
    signature.resize(length);
    return signature;
}

} // namespace kps::reports::crypto
