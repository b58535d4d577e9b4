#pragma once
// Certificates made in process for tests: any validity, key usage, basic constraints
// and key - also keys no one could generate (an RSA public exponent of 1 or 3, an even
// modulus), signed by another key. The weak-recipient family is the list every check of a
// wrap target must refuse, each with the words its refusal must use.
#include "kps/openssl/handles.hpp"

#include <QByteArray>
#include <QString>
#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <vector>

namespace kps::test {

struct CertificateShape {
    long notBefore = -3600;                            // seconds from now
    long notAfter = 365 * 86400;                       // seconds from now
    const char* keyUsage = "critical,keyEncipherment"; // nullptr: no keyUsage extension
    const char* basicConstraints = nullptr;            // e.g. "critical,CA:TRUE"
    EVP_PKEY* signer = nullptr;                        // nullptr: the subject's own key
};

inline void addExtension(X509* certificate, int nid, const char* value) {
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
    openssl::ExtensionPtr extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value));
    X509_add_ext(certificate, extension.get(), -1);
}

/// A certificate (PEM) for `key`, issued in the subject's own name.
inline QByteArray makeCertificate(EVP_PKEY* key, const CertificateShape& shape) {
    openssl::X509Ptr certificate(X509_new());
    X509_set_version(certificate.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(certificate.get()), 7);
    X509_gmtime_adj(X509_getm_notBefore(certificate.get()), shape.notBefore);
    X509_gmtime_adj(X509_getm_notAfter(certificate.get()), shape.notAfter);
    X509_set_pubkey(certificate.get(), key);
    X509_NAME* name = X509_get_subject_name(certificate.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("Corpus customer"), -1, -1,
                               0);
    X509_set_issuer_name(certificate.get(), name);
    if (shape.basicConstraints)
        addExtension(certificate.get(), NID_basic_constraints, shape.basicConstraints);
    if (shape.keyUsage)
        addExtension(certificate.get(), NID_key_usage, shape.keyUsage);
    X509_sign(certificate.get(), shape.signer ? shape.signer : key, EVP_sha256());
    openssl::BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), certificate.get());
    return QByteArray::fromStdString(openssl::memoryText(bio.get()));
}

inline QByteArray derOf(const QByteArray& pem) {
    openssl::BioPtr bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
    openssl::X509Ptr certificate(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    const auto der = openssl::toDer(certificate.get(), i2d_X509);
    return QByteArray(reinterpret_cast<const char*>(der.data()), qsizetype(der.size()));
}

/// An RSA public key with the modulus of `like` (or that modulus plus one: even) and
/// the exponent given: a key no generator makes, for certificates a check must refuse.
inline openssl::PkeyPtr rsaPublicKey(EVP_PKEY* like, unsigned long exponent, bool evenModulus) {
    BIGNUM* raw = nullptr;
    EVP_PKEY_get_bn_param(like, OSSL_PKEY_PARAM_RSA_N, &raw);
    openssl::BignumPtr n(raw), e(BN_new());
    BN_set_word(e.get(), exponent);
    if (evenModulus)
        BN_add_word(n.get(), 1);
    openssl::ParamBldPtr builder(OSSL_PARAM_BLD_new());
    OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n.get());
    OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e.get());
    openssl::ParamsPtr params(OSSL_PARAM_BLD_to_param(builder.get()));
    openssl::PkeyCtxPtr context(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    EVP_PKEY* key = nullptr;
    EVP_PKEY_fromdata_init(context.get());
    EVP_PKEY_fromdata(context.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get());
    return openssl::PkeyPtr(key);
}

struct WeakCertificate {
    QString name;   // a file name: "e-1.crt"
    QByteArray pem; // or DER, or PEM with something after it
    QString reason; // what the refusal must say
};

/// The weak-recipient family: keys anyone could read a wrap under, certificates that are
/// no end-entity's or not valid now, and files with more than one certificate.
inline std::vector<WeakCertificate> weakRecipients() {
    static const openssl::PkeyPtr good(EVP_RSA_gen(2048));
    static const openssl::PkeyPtr small(EVP_RSA_gen(1024));
    EVP_PKEY* issuer = good.get();
    const auto weakKey = [&](unsigned long e, bool even) {
        const auto key = rsaPublicKey(good.get(), e, even);
        return makeCertificate(key.get(),
                               {-3600, 86400, "critical,keyEncipherment", nullptr, issuer});
    };
    const QByteArray fine = makeCertificate(good.get(), {});
    return {
        {"e-1.crt", weakKey(1, false), "exponent is 1"},
        {"e-3.crt", weakKey(3, false), "exponent is 3"},
        {"e-65535.crt", weakKey(65535, false), "exponent is 65535"},
        {"e-even.crt", weakKey(65538, false), "exponent is 65538"},
        {"even-modulus.crt", weakKey(65537, true), "modulus is even"},
        {"rsa-1024.crt", makeCertificate(small.get(), {}), "2048 bits"},
        {"ca-true.crt",
         makeCertificate(good.get(), {-3600, 86400, "critical,keyEncipherment,keyCertSign",
                                      "critical,CA:TRUE"}),
         "CA:TRUE"},
        {"expired.crt", makeCertificate(good.get(), {-2 * 365 * 86400L, -86400L}), "expired"},
        {"not-yet-valid.crt", makeCertificate(good.get(), {86400L, 2 * 86400L}), "not yet"},
        {"trailing-text.crt", fine + "junk after the certificate\n", "trailing data"},
        {"trailing-der.crt", derOf(fine) + QByteArray(2, '\0'), "trailing data"},
        {"two-certificates.crt", fine + makeCertificate(small.get(), {}), "trailing data"},
    };
}

} // namespace kps::test
