#pragma once
// How the store seals the audit chain: the station key signs a checkpoint's text
// (audit.hpp, checkpointMessage) every N rows and at every order close. The store
// asks only this; the station passes the HSM-backed one. Thread-safe: the store
// writer's thread and the station's own connection both sign.
#include "kps/provisioning/error.hpp"
#include "kps/x509/signer.hpp"

#include <QByteArray>
#include <memory>

namespace kps::provisioning {

class AuditSigner {
public:
    virtual ~AuditSigner() = default;
    /// SHA-256 fingerprint (hex) of the certificate that verifies the signatures.
    virtual QString signerSha256() const = 0;
    /// A DER signature (SHA-256) over the message.
    virtual Outcome<QByteArray> sign(const QByteArray& message) = 0;
};

/// The audit signer backed by a station signer (ECDSA P-256 in the HSM).
std::shared_ptr<AuditSigner> auditSignerFor(std::shared_ptr<x509::Signer> signer);

} // namespace kps::provisioning
