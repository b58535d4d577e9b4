#pragma once
// In-process OpenSSL for the bad-input corpus: signing edited files as the customer
// (or as someone else), and certificates with chosen validity, key usage and key.
#include "kps/openssl/handles.hpp"

#include <QByteArray>
#include <QFile>
#include <openssl/pem.h>

namespace kps::test {

using Pkey = openssl::PkeyPtr;

inline Pkey readPrivateKey(const QString& pemPath) {
    QFile file(pemPath);
    file.open(QIODevice::ReadOnly);
    const QByteArray pem = file.readAll();
    openssl::BioPtr bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
    return Pkey(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
}

/// SHA-256 signature as `openssl dgst -sha256 -sign` makes it (PKCS#1 v1.5 for RSA).
inline QByteArray signSha256(EVP_PKEY* key, const QByteArray& data,
                             const EVP_MD* digest = EVP_sha256()) {
    openssl::MdCtxPtr context(EVP_MD_CTX_new());
    size_t size = 0;
    if (EVP_DigestSignInit(context.get(), nullptr, digest, nullptr, key) != 1 ||
        EVP_DigestSign(context.get(), nullptr, &size,
                       reinterpret_cast<const unsigned char*>(data.constData()),
                       size_t(data.size())) != 1)
        qFatal("cannot sign");
    QByteArray signature(qsizetype(size), '\0');
    EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &size,
                   reinterpret_cast<const unsigned char*>(data.constData()), size_t(data.size()));
    signature.resize(qsizetype(size));
    return signature;
}

struct CertificateShape {
    long notBefore = -3600;                            // seconds from now
    long notAfter = 365 * 86400;                       // seconds from now
    const char* keyUsage = "critical,keyEncipherment"; // nullptr: no keyUsage extension
};

/// A self-signed certificate (PEM) for `key`.
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
    if (shape.keyUsage) {
        X509V3_CTX context;
        X509V3_set_ctx_nodb(&context);
        X509V3_set_ctx(&context, certificate.get(), certificate.get(), nullptr, nullptr, 0);
        openssl::ExtensionPtr extension(
            X509V3_EXT_conf_nid(nullptr, &context, NID_key_usage, shape.keyUsage));
        X509_add_ext(certificate.get(), extension.get(), -1);
    }
    X509_sign(certificate.get(), key, EVP_sha256());
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

} // namespace kps::test
