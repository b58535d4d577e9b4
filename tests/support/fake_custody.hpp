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
            {QStringLiteral("import"), custodians.first.user, custodians.second.user, file});
        return app::CustodyResult{QStringLiteral("PO-CUSTODY-0001"),
                                  {{QStringLiteral("DATA_MASTER"), QStringLiteral("1a2b3c")},
                                   {QStringLiteral("DM_MASTER"), QStringLiteral("4d5e6f")}},
                                  QStringLiteral("audit")};
    }
    app::CommandResult<app::CustodyResult> confirmDestruction(provisioning::Station&,
                                                              const app::CustodianPair& custodians,
                                                              const QString& orderId) override {
        calls.push_back(
            {QStringLiteral("destroy"), custodians.first.user, custodians.second.user, orderId});
        return app::CustodyResult{orderId,
                                  {{QStringLiteral("DATA_MASTER"), QStringLiteral("1a2b3c")}},
                                  QStringLiteral("audit")};
    }

    std::vector<Call> calls;
};

} // namespace kps::test
