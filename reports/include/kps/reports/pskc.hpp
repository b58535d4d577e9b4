#pragma once
// PSKC (RFC 6030) for customers' key-management tools: a kps-listing/1 file the
// station signed, re-encoded as a KeyContainer with one KeyPackage per secret, and
// opened again on the customer's side (docs/formats.md, "PSKC profile").
//
// Key protection: the listing's own. Every secret stays AES key wrap with padding
// (RFC 5649) under the listing's AES-256 KEK (xmlenc11#kw-aes-256-pad, RFC 6030
// section 6.1 with a key-wrap algorithm, so no MAC is needed); the KEK travels in
// <EncryptionKey> as an xenc:EncryptedKey to the customer's RSA certificate with
// RSA-OAEP, SHA-1, MGF1-SHA-1 (xmlenc#rsa-oaep-mgf1p: section 6.3's asymmetric method;
// the schema names no other OAEP, so a listing whose KEK is wrapped with SHA-256 is
// refused). No secret is decrypted to make the file.
// The container is signed (enveloped XML-DSig, ECDSA P-256) by the station's key.
#include "kps/reports/listing_opener.hpp"
#include "kps/reports/listing_reader.hpp"
#include "kps/reports/report_error.hpp"
#include "kps/x509/signer.hpp"

namespace kps::reports {

struct PskcSummary {
    qint64 endpoints = 0;
    qint64 keyPackages = 0;
    QString sha256; // of the file written
};

/// Checks the listing (signature by `source.senderCertificate`, schema, every entry),
/// writes OUTPUT as a PSKC document signed by `signer` (atomically, mode 0644).
ReportResult<PskcSummary> exportListingAsPskc(const ListingSource& source, const QString& output,
                                              x509::Signer& signer);

struct PskcOpenRequest {
    QString pskc;
    QString recipientKey;      // PEM private key
    QString senderCertificate; // PEM or DER: the station's signing certificate
};

/// The customer's side: validates the document against RFC 6030's schema (libpskc),
/// verifies the signature (xmlsec1), decrypts the KEK, unwraps every secret and checks
/// its KCV. Endpoints come in file order, keys before the password.
ReportResult<OpenedListing> openPskc(const PskcOpenRequest& request,
                                     const std::function<void(const OpenedEndpoint&)>& visit);

} // namespace kps::reports
