#pragma once
// The sender's side of kps-listing/1 without an HSM (`kps listing seal`): what a
// customer does to send the station its masters or key list, and what tests use to
// make listings of any purpose. A fresh AES-256 KEK (OpenSSL's random generator) is
// wrapped to the recipient's RSA certificate with RSA-OAEP; every key is wrapped
// under it with AES-KWP (passwords NUL-padded to a multiple of 8); the file is
// signed with the sender's PEM key (ECDSA, or RSA-PSS). The CSV is read twice
// (masters first, then endpoints), never held in memory.
#include "kps/reports/listing.hpp"
#include "kps/reports/report_error.hpp"

namespace kps::reports {

struct SealRequest {
    Purpose purpose = Purpose::Masters;
    QString order;
    QString keysCsv;              // address,role,id,version,kcv,value (key_csv.hpp)
    QString recipientCertificate; // its RSA key receives the KEK
    QString senderKey;            // PEM private key
    QString senderCertificate;    // its certificate (named in the file)
    QString output;
    QString wrap = QStringLiteral("rsa-oaep-sha256"); // or rsa-oaep-sha1
};

struct SealSummary {
    qint64 endpoints = 0;
    qint64 masters = 0;
    QString sha256;
};

ReportResult<SealSummary> sealListing(const SealRequest& request);

} // namespace kps::reports
