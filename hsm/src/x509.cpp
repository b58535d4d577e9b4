#include "kps/hsm/x509.hpp"

#include "openssl_handles.hpp"

#include <fstream>
#include <iterator>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>

namespace kps::hsm {

using namespace detail;

namespace {

using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free>>;

X509Ptr decode(std::span<const std::uint8_t> bytes) {
    BioPtr bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
    if (X509* pem = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr))
        return X509Ptr(pem);
    const unsigned char* cursor = bytes.data();
    return X509Ptr(d2i_X509(nullptr, &cursor, static_cast<long>(bytes.size())));
}

std::time_t toTime(const ASN1_TIME* time) {
    struct tm parts {};
    ASN1_TIME_to_tm(time, &parts);
    return timegm(&parts);
}

std::string subjectText(X509* certificate) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    X509_NAME_print_ex(bio.get(), X509_get_subject_name(certificate), 0, XN_FLAG_RFC2253);
    char* data = nullptr;
    long length = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(length));
}

} // namespace

std::string sha256Hex(std::span<const std::uint8_t> bytes) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(bytes.data(), bytes.size(), digest);
    static constexpr char digits[] = "0123456789abcdef";
    std::string text;
    for (unsigned char byte : digest) {
        text += digits[byte >> 4];
        text += digits[byte & 15];
    }
    return text;
}

Result<CertificateInfo> parseCertificate(std::span<const std::uint8_t> bytes,
                                         const std::string& source) {
    X509Ptr certificate = decode(bytes);
    if (!certificate)
        return fail("read certificate", CKR_GENERAL_ERROR, source,
                    "not a PEM or DER X.509 certificate");
    CertificateInfo info;
    unsigned char* der = nullptr;
    int length = i2d_X509(certificate.get(), &der);
    info.der.assign(der, der + length);
    OPENSSL_free(der);
    info.sha256Hex = sha256Hex(info.der);
    info.subject = subjectText(certificate.get());
    EVP_PKEY* key = X509_get0_pubkey(certificate.get());
    const int base = key ? EVP_PKEY_get_base_id(key) : 0;
    info.keyKind = base == EVP_PKEY_RSA  ? PublicKeyKind::Rsa
                   : base == EVP_PKEY_EC ? PublicKeyKind::Ec
                                         : PublicKeyKind::Other;
    info.keyBits = key ? EVP_PKEY_get_bits(key) : 0;
    info.notBefore = toTime(X509_get0_notBefore(certificate.get()));
    info.notAfter = toTime(X509_get0_notAfter(certificate.get()));
    const uint32_t usage = X509_get_key_usage(certificate.get());
    info.allowsKeyEncipherment = usage == UINT32_MAX || (usage & KU_KEY_ENCIPHERMENT);
    info.allowsSigning = usage == UINT32_MAX || (usage & KU_DIGITAL_SIGNATURE);
    return info;
}

Result<CertificateInfo> readCertificateFile(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file)
        return fail("open certificate", CKR_GENERAL_ERROR, path, "check the path");
    // Read at most one byte past the limit: a huge file (or /dev/zero) is refused
    // without being read into memory.
    constexpr std::size_t kMaxCertificateBytes = 64 * 1024;
    std::vector<std::uint8_t> bytes(kMaxCertificateBytes + 1);
    file.read(reinterpret_cast<char*>(bytes.data()), std::streamsize(bytes.size()));
    bytes.resize(std::size_t(file.gcount()));
    if (bytes.size() > kMaxCertificateBytes)
        return fail("read certificate", CKR_GENERAL_ERROR, path, "larger than 64 KiB");
    return parseCertificate(bytes, path);
}

std::string certificateToPem(std::span<const std::uint8_t> der) {
    X509Ptr certificate = decode(der);
    if (!certificate)
        return {};
    BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), certificate.get());
    char* data = nullptr;
    long length = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(length));
}

namespace {

bool verifyWith(EVP_PKEY* key, int rsaPadding, std::span<const std::uint8_t> data,
                std::span<const std::uint8_t> signature) {
    std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>> context(EVP_MD_CTX_new());
    EVP_PKEY_CTX* keyContext = nullptr;
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
    X509Ptr certificate = decode(certificateDer);
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

} // namespace kps::hsm
