#pragma once
// One endpoint through the state machine:
//   attach -> claim by unique ID (row 'reserved', or the unfinished row a crash left)
//   -> make the secrets in the HSM (or make them again for a resumed row) -> record
//   KCVs and wrapped secrets (row 'injecting') -> write key store -> read back and
//   compare -> lock and reset -> row 'verified'; a jig fault is retried per the retry
//   policy with the same address and keys; when the retries are used up -> row 'failed'
//   with the fault as reason. The jig is detached on every path.
#include "kps/provisioning/line_run.hpp"

namespace kps::provisioning {

struct JobContext {
    const OrderRecord& order;
    const KeyPlan& plan;
    VaultSession& vault;
    EndpointJig& jig;
    StoreWriter& writer;
    RunObserver& observer;
    int slot = 0;
    QString actor;
    const RetryPolicy& retry;
    bool firstInSlot = false; // the slot's first attach of the run: clean up after a crash
    const Firmware* firmware = nullptr; // programmed before the key store, if any
};

enum class JobEnd {
    Verified,     // row verified
    Failed,       // row failed with a reason
    NoEndpoint,   // nothing claimed: no endpoint in the socket, or one the order cannot take
    Released,     // the endpoint was done before (verified, or scrap): taken out untouched
    QuotaReached, // the order allows no more endpoints now
    Fatal,        // the line must stop (HSM, store)
};

struct JobResult {
    JobEnd end = JobEnd::Failed;
    std::optional<Error> error;
    int retries = 0;
    bool recovered = false;
    int interrupted = 0;      // rows of this slot failed as 'interrupted' (first attach only)
    bool emptySocket = false; // nothing in the socket to attach (JobEnd::NoEndpoint)
};

JobResult provisionOneEndpoint(JobContext& context);

} // namespace kps::provisioning
