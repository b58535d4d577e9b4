// The station's audit chain: appending events and verifying the chains.
#include "../audit/audit_verify.hpp"
#include "kps/provisioning/station.hpp"
#include "station_core.hpp"

#include <QJsonDocument>

namespace kps::provisioning {
namespace {

bool concernsOrder(const AuditEntry& entry, const QString& orderId) {
    if (entry.subject == orderId)
        return true;
    const QJsonObject detail = QJsonDocument::fromJson(entry.detail.toUtf8()).object();
    return detail.value(QStringLiteral("order")).toString() == orderId;
}

} // namespace

bool AuditVerification::intact() const {
    return broken() == nullptr;
}

const ChainVerification* AuditVerification::broken() const {
    for (const ChainVerification& chain : chains)
        if (!chain.intact)
            return &chain;
    return nullptr;
}

qint64 AuditVerification::rows() const {
    qint64 rows = 0;
    for (const ChainVerification& chain : chains)
        rows += chain.rows;
    return rows;
}

Outcome<AuditEntry> AuditTrail::append(const QString& actor, const QString& event,
                                       const QString& subject, const QJsonObject& detail) {
    Store& store = *core_.store;
    std::optional<AuditEntry> entry;
    KPS_TRY(store.inTransaction([&]() -> Done {
        KPS_TRY_LET(appended, store.audit().append(actor, event, subject, detail,
                                                   QDateTime::currentDateTimeUtc()));
        entry = std::move(appended);
        return {};
    }));
    return *entry;
}

Outcome<AuditVerification> AuditTrail::verify(const Principal& by) {
    KPS_TRY(station_.users().require(by, Action::VerifyAudit, QStringLiteral("audit")));
    Store& store = *core_.store;
    AuditVerification verification;
    verification.sharedRegistry = store.shared();
    if (store.shared()) {
        KPS_TRY_LET(chains, verifyStationChains(store));
        verification.chains = std::move(chains);
        return verification;
    }
    KPS_TRY_LET(chain, verifySealedChain(store, station_.identity().signing));
    verification.chains.push_back(std::move(chain));
    return verification;
}

Outcome<std::vector<AuditEntry>> AuditTrail::orderView(const Principal& by,
                                                       const QString& orderId) {
    KPS_TRY(station_.users().require(by, Action::VerifyAudit, orderId));
    std::vector<AuditEntry> rows;
    KPS_TRY(core_.store->audit().forEach([&](const AuditEntry& entry) -> Done {
        if (concernsOrder(entry, orderId))
            rows.push_back(entry);
        return {};
    }));
    return rows;
}

} // namespace kps::provisioning
