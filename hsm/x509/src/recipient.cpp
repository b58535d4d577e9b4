#include "kps/x509/recipient.hpp"

#include "kps/openssl/handles.hpp"

#include <openssl/core_names.h>
#include <openssl/obj_mac.h>

namespace kps::x509 {

using namespace openssl;

namespace {

constexpr const char* kWhat = "check recipient certificate";
constexpr int kMinRsaBits = 2048;

std::string utc(std::time_t time) {
    char text[32];
    struct tm parts {};
    gmtime_r(&time, &parts);
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &parts);
    return text;
}

std::string decimal(const BIGNUM* number) {
    BufferPtr text(reinterpret_cast<unsigned char*>(BN_bn2dec(number)));
    return text ? std::string(reinterpret_cast<const char*>(text.get())) : std::string("?");
}

Result<void> checkRsa(EVP_PKEY* key, const std::string& source) {
    BIGNUM* n = nullptr;
    BIGNUM* e = nullptr;
    EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n);
    EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &e);
    BignumPtr modulus(n), exponent(e);
    if (!modulus || !exponent)
        return fail(kWhat, source, "the RSA key cannot be read");
    if (!BN_is_odd(exponent.get()) || BN_num_bits(exponent.get()) < 17) // 65537 = 2^16 + 1
        return fail(kWhat, source,
                    "the RSA public exponent is " + decimal(exponent.get()) +
                        ": a recipient's exponent must be odd and at least 65537 (a small one "
                        "lets anyone read what is wrapped to it)");
    if (!BN_is_odd(modulus.get()))
        return fail(kWhat, source, "the RSA modulus is even: it is no RSA key");
    if (const int bits = BN_num_bits(modulus.get()); bits < kMinRsaBits)
        return fail(kWhat, source,
                    "the RSA key has " + std::to_string(bits) +
                        " bits: a recipient needs an RSA key of 2048 bits or more");
    return {};
}

Result<void> checkEc(EVP_PKEY* key, const std::string& source, RecipientKeys allowed) {
    if (allowed != RecipientKeys::RsaOrEc)
        return fail(kWhat, source,
                    "the certificate holds an EC key: keys are wrapped to an RSA key of 2048 "
                    "bits or more (RSA-OAEP)");
    char curve[64] = {};
    std::size_t length = 0;
    EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, curve, sizeof curve, &length);
    const std::string name(curve, length);
    if (name != SN_X9_62_prime256v1 && name != SN_secp384r1)
        return fail(kWhat, source,
                    "the EC curve is " + (name.empty() ? "unknown" : name) +
                        ": a recipient's EC key is P-256 or P-384");
    return {};
}

} // namespace

Result<void> checkRecipientKey(std::span<const std::uint8_t> der, const std::string& source,
                               RecipientKeys allowed) {
    const unsigned char* cursor = der.data();
    X509Ptr certificate(d2i_X509(nullptr, &cursor, static_cast<long>(der.size())));
    EVP_PKEY* key = certificate ? X509_get0_pubkey(certificate.get()) : nullptr;
    if (!key)
        return fail(kWhat, source, "the certificate's public key cannot be read");
    switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
        return checkRsa(key, source);
    case EVP_PKEY_EC:
        return checkEc(key, source, allowed);
    default:
        return fail(kWhat, source, "the certificate must hold an RSA key of 2048 bits or more");
    }
}

Result<void> checkRecipient(const CertificateInfo& certificate, std::time_t now,
                            const std::string& source, RecipientKeys allowed) {
    if (certificate.trailingData)
        return fail(kWhat, source,
                    "there are bytes after the certificate (trailing data): the file must hold "
                    "exactly one certificate");
    KPS_TRY(checkRecipientKey(certificate.der, source, allowed));
    const unsigned char* cursor = certificate.der.data();
    X509Ptr parsed(d2i_X509(nullptr, &cursor, static_cast<long>(certificate.der.size())));
    if (parsed && (X509_get_extension_flags(parsed.get()) & EXFLAG_CA))
        return fail(kWhat, source,
                    "the certificate is a CA certificate (basic constraints CA:TRUE): keys are "
                    "wrapped to an end-entity certificate only");
    if (!certificate.allowsKeyEncipherment)
        return fail(kWhat, source, "the certificate's key usage does not allow key encipherment");
    if (now < certificate.notBefore)
        return fail(kWhat, source,
                    "the certificate is not yet valid (from " + utc(certificate.notBefore) + ")");
    if (now > certificate.notAfter)
        return fail(kWhat, source, "the certificate expired on " + utc(certificate.notAfter));
    return {};
}

} // namespace kps::x509
