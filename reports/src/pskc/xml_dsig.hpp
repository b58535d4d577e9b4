#pragma once
// XML-DSig for the PSKC export, in xmlsec1 (OpenSSL backend): an enveloped signature
// over the whole document (Reference URI "", exclusive C14N, SHA-256), ECDSA P-256
// with SHA-256, the signer's certificate in KeyInfo. xmlsec1 canonicalises, digests
// and builds SignedInfo; only the ECDSA operation itself goes to the x509::Signer
// (the station's token), through a signature transform registered for the duration
// of one signing. Verification is xmlsec1's own, against a given certificate.
#include "kps/reports/report_error.hpp"
#include "kps/x509/signer.hpp"

#include <libxml/tree.h>
#include <memory>

namespace kps::reports::xml {

struct DocFree {
    void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocFree>;

/// libxml2, xmlsec1 and libpskc set up once per process.
void initialise();

/// Appends a ds:Signature to the root element and signs the document.
ReportResult<void> signEnveloped(xmlDoc* doc, x509::Signer& signer, const QString& file);

/// Checks the one ds:Signature (the root element's last child) against the certificate
/// (DER): it must cover the whole document (Reference URI "", enveloped) and verify.
ReportResult<void> verifyEnveloped(xmlDoc* doc, std::span<const std::uint8_t> certificateDer,
                                   const QString& file);

/// Parses XML without a network, a DTD or entity expansion.
ReportResult<DocPtr> parseStrict(const QByteArray& bytes, const QString& file);
/// The document as UTF-8 bytes, indented (before signing) or exactly as it is.
QByteArray serialise(xmlDoc* doc, bool formatted);

} // namespace kps::reports::xml
