#pragma once
// Owners of the OpenSSL objects the station holds: each a std::unique_ptr whose
// deleter is the object's own free function, so no path forgets one. Use these
// instead of raw pointers and hand-written frees, in every layer.
#include <cstdint>
#include <memory>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <string>
#include <vector>

namespace kps::openssl {

template <auto Free> struct Deleter {
    template <class T> void operator()(T* object) const { Free(object); }
};

/// Memory OpenSSL allocated for the caller (i2d_* output, hex strings).
struct BufferFree {
    void operator()(void* data) const { OPENSSL_free(data); }
};

using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using ExtensionPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, Deleter<EVP_CIPHER_CTX_free>>;
using MacPtr = std::unique_ptr<EVP_MAC, Deleter<EVP_MAC_free>>;
using MacCtxPtr = std::unique_ptr<EVP_MAC_CTX, Deleter<EVP_MAC_CTX_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free>>;
using BignumPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD_free>>;
using ParamsPtr = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM_free>>;
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, Deleter<ECDSA_SIG_free>>;
using OctetStringPtr = std::unique_ptr<ASN1_OCTET_STRING, Deleter<ASN1_OCTET_STRING_free>>;
using BasicConstraintsPtr = std::unique_ptr<BASIC_CONSTRAINTS, Deleter<BASIC_CONSTRAINTS_free>>;
using BufferPtr = std::unique_ptr<unsigned char, BufferFree>;

/// The DER encoding of an object by one of OpenSSL's i2d functions (empty on failure).
template <class T, class Encode> std::vector<std::uint8_t> toDer(const T* object, Encode encode) {
    unsigned char* raw = nullptr;
    const int length = encode(object, &raw);
    BufferPtr owned(raw);
    if (length <= 0 || !raw)
        return {};
    return std::vector<std::uint8_t>(raw, raw + length);
}

/// Whatever a memory BIO holds, as text.
inline std::string memoryText(BIO* bio) {
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    return length > 0 ? std::string(data, static_cast<std::size_t>(length)) : std::string();
}

} // namespace kps::openssl
