#pragma once
// In-process OpenSSL for the bad-input corpus: signing edited files as the customer
// (or as someone else); certificates come from certificate_factory.hpp.
#include "certificate_factory.hpp"
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

} // namespace kps::test
