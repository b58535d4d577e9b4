#include "kps/hsm/certificates.hpp"

#include "kps/hsm/session.hpp"
#include "kps/x509/recipient.hpp"
#include "token_public_key.hpp"

#include <openssl/core_names.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

namespace kps::hsm {

using namespace detail;
using namespace openssl;

namespace {

void appendDerLength(Der& out, std::size_t length) {
    if (length < 0x80) {
        out.push_back(static_cast<std::uint8_t>(length));
        return;
    }
    Der digits;
    for (; length; length >>= 8)
        digits.insert(digits.begin(), static_cast<std::uint8_t>(length & 0xff));
    out.push_back(static_cast<std::uint8_t>(0x80 | digits.size()));
    out.insert(out.end(), digits.begin(), digits.end());
}

Der derWrap(std::uint8_t tag, const Der& content) {
    Der out{tag};
    appendDerLength(out, content.size());
    out.insert(out.end(), content.begin(), content.end());
    return out;
}

void addExtension(X509* certificate, X509* issuer, int nid, const char* value) {
    X509V3_CTX context;
    X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
    ExtensionPtr extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value));
    if (extension)
        X509_add_ext(certificate, extension.get(), -1);
}

X509Ptr draftCertificate(EVP_PKEY* subjectKey, const CertificateSubject& subject) {
    X509Ptr certificate(X509_new());
    X509_set_version(certificate.get(), 2);
    std::uint8_t serial[16];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f;
    BignumPtr serialNumber(BN_bin2bn(serial, sizeof serial, nullptr));
    BN_to_ASN1_INTEGER(serialNumber.get(), X509_get_serialNumber(certificate.get()));
    X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(certificate.get()), 86400L * subject.validDays);
    X509_set_pubkey(certificate.get(), subjectKey);
    X509_NAME* name = X509_get_subject_name(certificate.get());
    auto add = [name](const char* field, const std::string& value) {
        if (!value.empty())
            X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                       reinterpret_cast<const unsigned char*>(value.c_str()), -1,
                                       -1, 0);
    };
    add("O", subject.organization);
    add("CN", subject.commonName);
    return certificate;
}

void addPolicyExtensions(X509* certificate, X509* issuer, const CertificateSubject& subject) {
    const bool selfSigned = issuer == certificate;
    addExtension(certificate, issuer, NID_basic_constraints,
                 selfSigned ? "critical,CA:TRUE,pathlen:0" : "critical,CA:FALSE");
    addExtension(certificate, issuer, NID_key_usage,
                 subject.forSigning ? "critical,digitalSignature,keyCertSign"
                                    : "critical,keyEncipherment");
    addExtension(certificate, issuer, NID_subject_key_identifier, "hash");
    if (!selfSigned)
        addExtension(certificate, issuer, NID_authority_key_identifier, "keyid:always");
}

/// Lets OpenSSL fill in the algorithm fields with a throwaway P-256 key, then
/// replaces the signature with one made by the token over the same TBS bytes.
Result<Der> signInToken(const Session& session, X509* certificate, CK_OBJECT_HANDLE signer,
                        EVP_PKEY* signerPublic) {
    PkeyPtr placeholder(EVP_EC_gen("P-256"));
    if (!placeholder || X509_sign(certificate, placeholder.get(), EVP_sha256()) <= 0)
        return fail("X509_sign", CKR_GENERAL_ERROR, "certificate", "OpenSSL could not encode it");
    Der tbs = toDer(certificate, [](const X509* x, unsigned char** out) {
        return i2d_re_X509_tbs(const_cast<X509*>(x), out);
    });
    std::array<std::uint8_t, 32> digest;
    SHA256(tbs.data(), tbs.size(), digest.data());
    KPS_TRY_LET(raw, signEcdsaDigest(session, signer, digest));
    KPS_TRY_LET(signature, ecdsaSignatureToDer(raw));
    const ASN1_BIT_STRING* unused = nullptr;
    const X509_ALGOR* algorithm = nullptr;
    X509_get0_signature(&unused, &algorithm, certificate);
    Der body = tbs;
    Der algorithmDer = toDer(algorithm, i2d_X509_ALGOR);
    body.insert(body.end(), algorithmDer.begin(), algorithmDer.end());
    Der bits{0x00};
    bits.insert(bits.end(), signature.begin(), signature.end());
    Der bitString = derWrap(0x03, bits);
    body.insert(body.end(), bitString.begin(), bitString.end());
    Der result = derWrap(0x30, body);
    const unsigned char* cursor = result.data();
    X509Ptr check(d2i_X509(nullptr, &cursor, static_cast<long>(result.size())));
    if (!check || X509_verify(check.get(), signerPublic) != 1)
        return fail("verify certificate", CKR_SIGNATURE_INVALID, "certificate",
                    "the token's signature does not verify: check the signing key");
    return result;
}

} // namespace

Result<Der> ecdsaSignatureToDer(std::span<const std::uint8_t> raw) {
    if (raw.empty() || raw.size() % 2)
        return fail("encode ECDSA signature", CKR_SIGNATURE_INVALID, "signature", "odd length");
    const int half = static_cast<int>(raw.size() / 2);
    EcdsaSigPtr signature(ECDSA_SIG_new());
    ECDSA_SIG_set0(signature.get(), BN_bin2bn(raw.data(), half, nullptr),
                   BN_bin2bn(raw.data() + half, half, nullptr));
    return toDer(signature.get(), i2d_ECDSA_SIG);
}

Result<Der> selfSignEcdsa(const Session& session, const KeyPair& key,
                          const CertificateSubject& subject) {
    KPS_TRY_LET(publicKey, publicKeyFromToken(session, key.publicKey));
    X509Ptr certificate = draftCertificate(publicKey.get(), subject);
    X509_set_issuer_name(certificate.get(), X509_get_subject_name(certificate.get()));
    addPolicyExtensions(certificate.get(), certificate.get(), subject);
    return signInToken(session, certificate.get(), key.privateKey, publicKey.get());
}

Result<Der> issueWithEcdsa(const Session& session, CK_OBJECT_HANDLE issuerPrivateKey,
                           std::span<const std::uint8_t> issuerCertificate,
                           CK_OBJECT_HANDLE subjectPublicKey, const CertificateSubject& subject) {
    const unsigned char* cursor = issuerCertificate.data();
    X509Ptr issuer(d2i_X509(nullptr, &cursor, static_cast<long>(issuerCertificate.size())));
    if (!issuer)
        return fail("read issuer certificate", CKR_GENERAL_ERROR, "station certificate",
                    "the station certificate is corrupt");
    KPS_TRY_LET(publicKey, publicKeyFromToken(session, subjectPublicKey));
    X509Ptr certificate = draftCertificate(publicKey.get(), subject);
    X509_set_issuer_name(certificate.get(), X509_get_subject_name(issuer.get()));
    addPolicyExtensions(certificate.get(), issuer.get(), subject);
    return signInToken(session, certificate.get(), issuerPrivateKey,
                       X509_get0_pubkey(issuer.get()));
}

Result<SessionObject> importRsaPublicKey(const Session& session,
                                         std::span<const std::uint8_t> certificate,
                                         const std::string& label) {
    // The key rule of every recipient, once more where the key becomes a wrap target.
    if (auto strong = x509::checkRecipientKey(certificate, label); !strong)
        return fail("read certificate", CKR_KEY_TYPE_INCONSISTENT, label, strong.error().reason);
    const unsigned char* cursor = certificate.data();
    X509Ptr parsed(d2i_X509(nullptr, &cursor, static_cast<long>(certificate.size())));
    EVP_PKEY* key = parsed ? X509_get0_pubkey(parsed.get()) : nullptr;
    if (!key || EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA)
        return fail("read certificate", CKR_KEY_TYPE_INCONSISTENT, label,
                    "the certificate must hold an RSA public key");
    BIGNUM* n = nullptr;
    BIGNUM* e = nullptr;
    EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n);
    EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &e);
    BignumPtr modulus(n), exponent(e);
    std::vector<std::uint8_t> nBytes(static_cast<std::size_t>(BN_num_bytes(n)));
    std::vector<std::uint8_t> eBytes(static_cast<std::size_t>(BN_num_bytes(e)));
    BN_bn2bin(n, nBytes.data());
    BN_bn2bin(e, eBytes.data());
    Attributes attributes;
    attributes.number(CKA_CLASS, CKO_PUBLIC_KEY)
        .number(CKA_KEY_TYPE, CKK_RSA)
        .flag(CKA_TOKEN, false)
        .flag(CKA_WRAP, true)
        .flag(CKA_ENCRYPT, true)
        .flag(CKA_VERIFY, false)
        .text(CKA_LABEL, label)
        .bytes(CKA_MODULUS, nBytes)
        .bytes(CKA_PUBLIC_EXPONENT, eBytes);
    KPS_TRY_LET(handle, createObject(session, attributes, label));
    return SessionObject(session, handle);
}

} // namespace kps::hsm
