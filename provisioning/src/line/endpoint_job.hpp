#pragma once
// One endpoint through the state machine:
//   attach -> reserve (row 'reserved') -> make secrets in the HSM -> record KCVs and
//   wrapped secrets (row 'injecting') -> write key store -> read back and compare ->
//   lock and reset -> row 'verified'; any failure after the reservation -> row
//   'failed' with its reason. The jig is detached on every path.
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
};

enum class JobEnd { Verified, Failed, QuotaReached, Fatal };

struct JobResult {
    JobEnd end = JobEnd::Failed;
    std::optional<Error> error;
};

JobResult provisionOneEndpoint(JobContext& context);

} // namespace kps::provisioning
