#pragma once
// Walking audit chains (docs/auditors.md shows the same checks with sqlite3, sha256sum
// and openssl alone).
#include "kps/provisioning/station_audit.hpp"
#include "kps/provisioning/store.hpp"
#include "kps/x509/certificate.hpp"

namespace kps::provisioning {

/// A station alone: every row's hash and link, and every checkpoint's hash and
/// signature against the station's signing certificate.
Outcome<ChainVerification> verifySealedChain(Store& store, const x509::CertificateInfo& signing);

/// A shared registry: every station's chain (hashes, links, increasing seq).
Outcome<std::vector<ChainVerification>> verifyStationChains(Store& store);

} // namespace kps::provisioning
