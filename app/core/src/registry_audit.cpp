#include "kps/app/registry_audit.hpp"

#include <QJsonDocument>

namespace kps::app {

using namespace provisioning;

namespace {

QString problemWith(const AuditEntry& entry, const QString& previousHash, qint64 previousSeq) {
    if (entry.seq <= previousSeq)
        return QStringLiteral("row %1 follows row %2 (reordered rows)")
            .arg(entry.seq)
            .arg(previousSeq);
    if (entry.prev != previousHash)
        return QStringLiteral("does not link to the previous row's hash (deleted, moved or "
                              "inserted rows)");
    if (auditHash(entry) != entry.hash)
        return QStringLiteral("its content does not match its hash (the row was changed)");
    return {};
}

CommandResult<ChainVerification> verifyChain(Store& store, const QString& station) {
    ChainVerification chain;
    chain.station = station;
    QString previousHash = kAuditGenesis;
    qint64 previousSeq = 0;
    auto walked = store.forEachAuditOf(station, [&](const AuditEntry& entry) -> Done {
        ++chain.rows;
        const QString problem = problemWith(entry, previousHash, previousSeq);
        if (!problem.isEmpty() && chain.intact) {
            chain.intact = false;
            chain.firstBroken = entry.seq;
            chain.reason = problem;
        }
        previousHash = entry.hash;
        previousSeq = entry.seq;
        chain.headHash = entry.hash;
        return {};
    });
    if (!walked)
        return tl::unexpected(fromError(walked.error()));
    return chain;
}

bool concernsOrder(const AuditEntry& entry, const QString& orderId) {
    if (entry.subject == orderId)
        return true;
    const QJsonObject detail = QJsonDocument::fromJson(entry.detail.toUtf8()).object();
    return detail.value(QStringLiteral("order")).toString() == orderId;
}

} // namespace

CommandResult<std::vector<ChainVerification>> verifyStationChains(Store& store) {
    auto stations = store.auditStations();
    if (!stations)
        return tl::unexpected(fromError(stations.error()));
    std::vector<ChainVerification> chains;
    for (const QString& station : *stations) {
        auto chain = verifyChain(store, station);
        if (!chain)
            return tl::unexpected(chain.error());
        chains.push_back(std::move(*chain));
    }
    return chains;
}

CommandResult<std::vector<AuditEntry>> orderAuditView(Store& store, const QString& orderId) {
    std::vector<AuditEntry> rows;
    auto walked = store.forEachAudit([&](const AuditEntry& entry) -> Done {
        if (concernsOrder(entry, orderId))
            rows.push_back(entry);
        return {};
    });
    if (!walked)
        return tl::unexpected(fromError(walked.error()));
    return rows;
}

} // namespace kps::app
