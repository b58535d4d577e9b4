#pragma once
// kps-listing/1 files that come in (purpose masters or key-list): read with their
// detached signature, checked against the schema, then against the order they name
// (signed by the order's customer certificate, addressed to this station's import
// certificate), and reduced to what the HSM needs. Nothing is acted on before the
// signature verifies.
#include "kps/provisioning/error.hpp"
#include "kps/provisioning/ports/key_vault.hpp"
#include "kps/x509/certificate.hpp"
#include "kps/x509/signature.hpp"

#include <QJsonObject>

namespace kps::provisioning {

struct IncomingListing {
    QString file;
    QString purpose;
    QString orderId;
    QString sha256; // of the file's bytes
    x509::SignatureScheme signature = x509::SignatureScheme::None;
    IncomingKek kek;
    std::vector<IncomingMaster> masters;
    std::vector<IncomingEndpoint> endpoints;
};

/// Reads FILE and FILE.sig and validates FILE against kps-listing/1 and the purpose.
/// The result is unverified: call verifyIncoming before using anything in it.
struct UnverifiedListing {
    QString file;
    QByteArray bytes;
    QByteArray signature;
    QJsonObject json;
};
Outcome<UnverifiedListing> readIncomingListing(const QString& file, const QString& purpose);

/// Checks the parties and the signature, then extracts the KEK, masters and endpoints.
Outcome<IncomingListing> verifyIncoming(const UnverifiedListing& listing,
                                        const x509::CertificateInfo& customer,
                                        const x509::CertificateInfo& stationImport);

} // namespace kps::provisioning
