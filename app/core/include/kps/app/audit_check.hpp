#pragma once
// kps audit verify: walks the whole chain and its signed checkpoints and reports the
// first broken link (docs/auditors.md shows the same checks with sqlite3, sha256sum
// and openssl alone).
#include "kps/app/outcome.hpp"
#include "kps/provisioning/store.hpp"
#include "kps/x509/certificate.hpp"

namespace kps::app {

struct AuditVerification {
    qint64 rows = 0;
    qint64 checkpoints = 0;
    bool intact = true;
    qint64 firstBroken = 0; // seq of the first bad row (or of the bad checkpoint)
    QString reason;
    QString headHash;
    qint64 lastCheckpoint = 0; // seq of the last signed checkpoint
    /// Rows after the last checkpoint: they chain, but no signature covers them yet.
    qint64 unsealedRows() const { return rows - lastCheckpoint; }
};

/// Checks every row's hash and link, and every checkpoint's hash and signature
/// against the station's signing certificate.
CommandResult<AuditVerification> verifyAuditChain(provisioning::Store& store,
                                                  const x509::CertificateInfo& stationSigning);

} // namespace kps::app
