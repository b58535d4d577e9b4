#pragma once
// A stand-in for the station's key custody: records who asked for what and answers
// with fixed names and check values.
#include "kps/app/commands/key_custody.hpp"

namespace kps::test {

class FakeCustody final : public app::KeyCustody {
public:
    struct Call {
        QString operation;
        QString first;
        QString second;
        QString target;
    };

    app::CommandResult<app::CustodyResult> importMasters(provisioning::Station&,
                                                         const app::CustodianPair& custodians,
                                                         const QString& file) override {
        calls.push_back(
            {QStringLiteral("masters"), custodians.first.user, custodians.second.user, file});
        return app::CustodyResult{QStringLiteral("PO-CUSTODY-0001"),
                                  2,
                                  {{QStringLiteral("DATA_MASTER"), QStringLiteral("1a2b3c")},
                                   {QStringLiteral("DM_MASTER"), QStringLiteral("4d5e6f")}},
                                  QStringLiteral("SHA-256 of the file")};
    }
    app::CommandResult<app::CustodyResult>
    importKeyList(provisioning::Station&, const app::CustodianPair& custodians, const QString& file,
                  const app::CustodyProgress& progress, const std::atomic<bool>&) override {
        calls.push_back(
            {QStringLiteral("key-list"), custodians.first.user, custodians.second.user, file});
        progress(1, 1);
        return app::CustodyResult{QStringLiteral("PO-CUSTODY-0002"), 1, {}, {}};
    }
    app::CommandResult<app::CustodyResult> destroyKeys(provisioning::Station&,
                                                       const app::CustodianPair& custodians,
                                                       const QString& orderId) override {
        calls.push_back(
            {QStringLiteral("destroy"), custodians.first.user, custodians.second.user, orderId});
        return app::CustodyResult{
            orderId, 1, {{QStringLiteral("DATA_MASTER"), QStringLiteral("1a2b3c")}}, {}};
    }

    std::vector<Call> calls;
};

} // namespace kps::test
