#pragma once
// The jig side of one endpoint, with the retry policy: connect, and write -> read back
// -> compare -> lock, tried again with the same record after a fault the policy allows.
#include "endpoint_job.hpp"

namespace kps::provisioning {

/// Connects to the endpoint in the socket: its unique ID, and whether it is locked.
JigOutcome<AttachedEndpoint> attachEndpoint(JobContext& context, int& retries);

struct Injection {
    JigOutcome<void> outcome;
    int attempts = 0; // writes tried
};

/// `resumed`: a crash may have left the record written, or the endpoint locked after
/// its record was verified; look before writing.
Injection injectRecord(JobContext& context, const QString& address, const QString& uniqueId,
                       const secure::SecretBytes& record, bool resumed);

} // namespace kps::provisioning
