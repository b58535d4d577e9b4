#pragma once
// The secrets of one endpoint: made in the HSM for a new row, or made again (and
// checked against the stored KCVs) for a row a retry or a recovery resumes; and the
// key-store record built from them, the only place the plain values meet.
#include "endpoint_job.hpp"

namespace kps::provisioning {

struct MadeSecrets {
    std::vector<MadeSecret> keys;
    MadeSecret password;

    std::vector<SecretRow> rows() const;
};

/// New secrets; a customer-list order's are made from the customer's listed rows.
Outcome<MadeSecrets> makeSecrets(JobContext& context, const QString& address,
                                 const Address8& bytes);
Outcome<MadeSecrets> remakeSecrets(JobContext& context, const EndpointRow& stored,
                                   const Address8& address);
Outcome<secure::SecretBytes> buildRecord(const MadeSecrets& made, const Address8& address);

} // namespace kps::provisioning
