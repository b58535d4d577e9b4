#pragma once
// The recipient's side of kps-listing/1 (`kps listing open`): check the sender's
// signature over the exact bytes, validate the schema, decrypt the KEK with the
// recipient's private key, unwrap every key and check its KCV. The values go only
// to the visitor, in locked memory.
#include "kps/reports/listing.hpp"
#include "kps/reports/listing_reader.hpp"
#include "kps/reports/report_error.hpp"
#include "kps/secure/secret_bytes.hpp"

#include <functional>

namespace kps::reports {

struct OpenRequest {
    QString listing;              // FILE (its signature is FILE.sig)
    QString recipientKey;         // PEM private key
    QString senderCertificate;    // PEM or DER
    QString recipientCertificate; // optional: also check the listing is addressed to it
};

struct OpenedSecret {
    QString name; // master name, or empty for endpoint keys
    int id = 0;
    QString role; // data, dm, local, fleet, password, master
    int version = 0;
    QString kcv; // from the file, checked against the value (empty for passwords)
    secure::SecretBytes value;
};

struct OpenedEndpoint {
    QString address;
    std::vector<OpenedSecret> secrets; // keys, then the password if any
};

struct OpenedListing {
    ListingHeader header;
    std::vector<OpenedSecret> masters;
    qint64 endpointCount = 0;
};

/// Opens the listing; calls `visit` for every endpoint in file order. The file is
/// streamed, so `visit` sees endpoints before the last ones are checked: what it
/// received counts only if openListing succeeds.
ReportResult<OpenedListing> openListing(const OpenRequest& request,
                                        const std::function<void(const OpenedEndpoint&)>& visit);

struct VerifiedListing {
    ListingHeader header;
    qint64 endpointCount = 0;
    QString sha256;
    QString senderSubject;
};

/// Checks signature, schema, parties and every entry without any key (`kps listing verify`).
ReportResult<VerifiedListing> verifyListing(const ListingSource& source);

} // namespace kps::reports
