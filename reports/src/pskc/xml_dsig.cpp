#include "pskc/xml_dsig.hpp"

#include "kps/openssl/handles.hpp"

#include <libxml/parser.h>
#include <mutex>
#include <openssl/ecdsa.h>
#include <pskc/pskc.h>
#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include <xmlsec/templates.h>
#include <xmlsec/transforms.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>

namespace kps::reports::xml {
namespace {

/// xmlsec1's transform list is process-wide: one signing or verification at a time.
std::mutex& xmlsecLock() {
    static std::mutex lock;
    return lock;
}

tl::unexpected<ReportError> xmlFailure(ReportErrorKind kind, const QString& file,
                                       const QString& reason) {
    return reportFailure(kind, file, QStringLiteral("ds:Signature"), reason);
}

// ---- the token's ECDSA as an xmlsec1 signature transform -------------------------

struct HsmSigning {
    x509::Signer* signer = nullptr;
    bool failed = false;
};
thread_local HsmSigning* tCurrentSigning = nullptr;

struct TransformState {
    EVP_MD_CTX* digest;
};
TransformState* stateOf(xmlSecTransformPtr transform) {
    return reinterpret_cast<TransformState*>(reinterpret_cast<char*>(transform) +
                                             sizeof(xmlSecTransform));
}

int initialiseTransform(xmlSecTransformPtr transform) {
    stateOf(transform)->digest = EVP_MD_CTX_new();
    return stateOf(transform)->digest &&
                   EVP_DigestInit_ex(stateOf(transform)->digest, EVP_sha256(), nullptr) == 1
               ? 0
               : -1;
}

void finaliseTransform(xmlSecTransformPtr transform) {
    EVP_MD_CTX_free(stateOf(transform)->digest);
}

/// XML-DSig's ECDSA value: r and s, 32 bytes each, from the token's DER signature.
bool appendRawSignature(xmlSecBufferPtr out, const x509::Der& der) {
    const unsigned char* cursor = der.data();
    openssl::EcdsaSigPtr signature(d2i_ECDSA_SIG(nullptr, &cursor, long(der.size())));
    if (!signature)
        return false;
    std::uint8_t raw[64];
    if (BN_bn2binpad(ECDSA_SIG_get0_r(signature.get()), raw, 32) != 32 ||
        BN_bn2binpad(ECDSA_SIG_get0_s(signature.get()), raw + 32, 32) != 32)
        return false;
    return xmlSecBufferAppend(out, raw, sizeof raw) == 0;
}

int signWithToken(xmlSecTransformPtr transform) {
    std::array<std::uint8_t, 32> digest{};
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(stateOf(transform)->digest, digest.data(), &length) != 1 ||
        !tCurrentSigning)
        return -1;
    auto der = tCurrentSigning->signer->signDigest(digest);
    if (!der || !appendRawSignature(&transform->outBuf, *der)) {
        tCurrentSigning->failed = true;
        return -1;
    }
    transform->status = xmlSecTransformStatusFinished;
    return 0;
}

int executeTransform(xmlSecTransformPtr transform, int last, xmlSecTransformCtxPtr) {
    if (transform->operation != xmlSecTransformOperationSign)
        return -1;
    if (transform->status == xmlSecTransformStatusNone)
        transform->status = xmlSecTransformStatusWorking;
    if (transform->status != xmlSecTransformStatusWorking)
        return 0;
    const xmlSecSize size = xmlSecBufferGetSize(&transform->inBuf);
    if (size > 0) {
        if (EVP_DigestUpdate(stateOf(transform)->digest, xmlSecBufferGetData(&transform->inBuf),
                             size) != 1 ||
            xmlSecBufferRemoveHead(&transform->inBuf, size) != 0)
            return -1;
    }
    return last ? signWithToken(transform) : 0;
}

xmlSecTransformKlass gTokenEcdsaSha256 = {
    sizeof(xmlSecTransformKlass),
    sizeof(xmlSecTransform) + sizeof(TransformState),
    xmlSecNameEcdsaSha256,
    xmlSecHrefEcdsaSha256,
    xmlSecTransformUsageSignatureMethod,
    initialiseTransform,
    finaliseTransform,
    nullptr, // readNode
    nullptr, // writeNode
    nullptr, // setKeyReq: the key is the token's, not xmlsec1's
    nullptr, // setKey
    nullptr, // verify: verification uses xmlsec1's own ECDSA
    xmlSecTransformDefaultGetDataType,
    xmlSecTransformDefaultPushBin,
    xmlSecTransformDefaultPopBin,
    nullptr,
    nullptr,
    executeTransform,
    nullptr,
    nullptr,
};

xmlSecPtr asItem(xmlSecTransformId id) {
    return const_cast<void*>(static_cast<const void*>(id));
}

/// While it lives, the href ecdsa-sha256 names the token's transform (signing only).
class TokenTransformInstalled {
public:
    explicit TokenTransformInstalled(HsmSigning& signing) {
        xmlSecPtrListPtr ids = xmlSecTransformIdsGet();
        for (xmlSecSize i = 0; i < xmlSecPtrListGetSize(ids); ++i)
            if (xmlSecPtrListGetItem(ids, i) == xmlSecTransformEcdsaSha256Id) {
                position_ = i;
                installed_ = xmlSecPtrListSet(ids, asItem(&gTokenEcdsaSha256), i) == 0;
            }
        tCurrentSigning = &signing;
    }
    ~TokenTransformInstalled() {
        tCurrentSigning = nullptr;
        if (installed_)
            (void)xmlSecPtrListSet(xmlSecTransformIdsGet(), asItem(xmlSecTransformEcdsaSha256Id),
                                   position_);
    }
    bool installed() const { return installed_; }

private:
    xmlSecSize position_ = 0;
    bool installed_ = false;
};

struct DsigCtxFree {
    void operator()(xmlSecDSigCtx* ctx) const { xmlSecDSigCtxDestroy(ctx); }
};
using DsigCtxPtr = std::unique_ptr<xmlSecDSigCtx, DsigCtxFree>;

/// An xmlsec1 key holding only the certificate (and so its public key).
xmlSecKeyPtr certificateKey(std::span<const std::uint8_t> der) {
    xmlSecKeyPtr key =
        xmlSecCryptoAppKeyLoadMemory(der.data(), static_cast<xmlSecSize>(der.size()),
                                     xmlSecKeyDataFormatCertDer, nullptr, nullptr, nullptr);
    if (key &&
        xmlSecCryptoAppKeyCertLoadMemory(key, der.data(), static_cast<xmlSecSize>(der.size()),
                                         xmlSecKeyDataFormatDer) != 0) {
        xmlSecKeyDestroy(key);
        return nullptr;
    }
    return key;
}

xmlNodePtr signatureTemplate(xmlDoc* doc) {
    xmlNodePtr signature =
        xmlSecTmplSignatureCreate(doc, xmlSecTransformExclC14NId, &gTokenEcdsaSha256, nullptr);
    if (!signature)
        return nullptr;
    xmlAddChild(xmlDocGetRootElement(doc), signature);
    xmlNodePtr reference = xmlSecTmplSignatureAddReference(signature, xmlSecTransformSha256Id,
                                                           nullptr, BAD_CAST "", nullptr);
    xmlNodePtr keyInfo = xmlSecTmplSignatureEnsureKeyInfo(signature, nullptr);
    xmlNodePtr x509Data = keyInfo ? xmlSecTmplKeyInfoAddX509Data(keyInfo) : nullptr;
    if (!reference || !xmlSecTmplReferenceAddTransform(reference, xmlSecTransformEnvelopedId) ||
        !xmlSecTmplReferenceAddTransform(reference, xmlSecTransformExclC14NId) || !x509Data ||
        !xmlSecTmplX509DataAddCertificate(x509Data))
        return nullptr;
    return signature;
}

} // namespace

void initialise() {
    static std::once_flag once;
    std::call_once(once, [] {
        xmlInitParser();
        xmlSecErrorsDefaultCallbackEnableOutput(0); // failures are reported as values
        (void)pskc_global_init(); // xmlsec1 and its OpenSSL backend, as libpskc uses them
        if (!xmlSecTransformIdListFindByHref(xmlSecTransformIdsGet(), xmlSecHrefEcdsaSha256,
                                             xmlSecTransformUsageSignatureMethod)) {
            (void)xmlSecInit();
            (void)xmlSecCryptoAppInit(nullptr);
            (void)xmlSecCryptoInit();
        }
    });
}

ReportResult<void> signEnveloped(xmlDoc* doc, x509::Signer& signer, const QString& file) {
    initialise();
    const x509::CertificateInfo& certificate = signer.certificate();
    if (certificate.keyKind != x509::PublicKeyKind::Ec || certificate.keyBits != 256)
        return xmlFailure(ReportErrorKind::BadInput, file,
                          QStringLiteral("the PSKC signature is ECDSA P-256; the signer's key "
                                         "is not a P-256 key"));
    std::lock_guard guard(xmlsecLock());
    xmlNodePtr signature = signatureTemplate(doc);
    DsigCtxPtr ctx(xmlSecDSigCtxCreate(nullptr));
    if (!signature || !ctx)
        return xmlFailure(ReportErrorKind::Output, file, QStringLiteral("xmlsec1: no template"));
    ctx->signKey = certificateKey(certificate.der);
    HsmSigning signing{&signer};
    TokenTransformInstalled installed(signing);
    if (!ctx->signKey || !installed.installed() || xmlSecDSigCtxSign(ctx.get(), signature) != 0 ||
        signing.failed)
        return xmlFailure(signing.failed ? ReportErrorKind::Hsm : ReportErrorKind::Output, file,
                          QStringLiteral("xmlsec1 could not sign the document"));
    return {};
}

ReportResult<void> verifyEnveloped(xmlDoc* doc, std::span<const std::uint8_t> certificateDer,
                                   const QString& file) {
    initialise();
    xmlNodePtr root = xmlDocGetRootElement(doc);
    xmlNodePtr signature =
        root ? xmlSecFindChild(root, xmlSecNodeSignature, xmlSecDSigNs) : nullptr;
    if (!signature)
        return xmlFailure(ReportErrorKind::Signature, file,
                          QStringLiteral("the file is not signed"));
    if (xmlSecGetNextElementNode(signature->next) ||
        xmlSecFindNode(signature->next, xmlSecNodeSignature, xmlSecDSigNs))
        return xmlFailure(ReportErrorKind::Signature, file,
                          QStringLiteral("the signature is not the document's last element"));
    std::lock_guard guard(xmlsecLock());
    DsigCtxPtr ctx(xmlSecDSigCtxCreate(nullptr));
    if (!ctx)
        return xmlFailure(ReportErrorKind::Output, file, QStringLiteral("xmlsec1: no context"));
    ctx->signKey = certificateKey(certificateDer);
    ctx->enabledReferenceUris = xmlSecTransformUriTypeEmpty; // the whole document only
    for (xmlSecTransformId id :
         {xmlSecTransformEnvelopedId, xmlSecTransformExclC14NId, xmlSecTransformSha256Id})
        (void)xmlSecDSigCtxEnableReferenceTransform(ctx.get(), id);
    for (xmlSecTransformId id : {xmlSecTransformExclC14NId, xmlSecTransformEcdsaSha256Id})
        (void)xmlSecDSigCtxEnableSignatureTransform(ctx.get(), id);
    if (!ctx->signKey || xmlSecDSigCtxVerify(ctx.get(), signature) != 0 ||
        ctx->status != xmlSecDSigStatusSucceeded)
        return xmlFailure(
            ReportErrorKind::Signature, file,
            QStringLiteral("the signature does not verify with the sender's "
                           "certificate: the file was changed or signed by another key"));
    return {};
}

ReportResult<DocPtr> parseStrict(const QByteArray& bytes, const QString& file) {
    initialise();
    DocPtr doc(
        xmlReadMemory(bytes.constData(), int(bytes.size()), nullptr, "UTF-8", XML_PARSE_NONET));
    if (!doc || !xmlDocGetRootElement(doc.get()))
        return reportFailure(ReportErrorKind::BadInput, file, QStringLiteral("/"),
                             QStringLiteral("not well-formed XML"));
    if (doc->intSubset || doc->extSubset)
        return reportFailure(ReportErrorKind::BadInput, file, QStringLiteral("/"),
                             QStringLiteral("a document type declaration is not allowed"));
    return doc;
}

QByteArray serialise(xmlDoc* doc, bool formatted) {
    xmlChar* text = nullptr;
    int size = 0;
    xmlDocDumpFormatMemoryEnc(doc, &text, &size, "UTF-8", formatted ? 1 : 0);
    QByteArray bytes(reinterpret_cast<const char*>(text), size);
    xmlFree(text);
    return bytes;
}

} // namespace kps::reports::xml
