// What the exports and the batch report read of one order, and the rows they write.
#include "kps/provisioning/batch_records.hpp"

#include "../station/station_core.hpp"
#include "kps/provisioning/key_plan.hpp"

namespace kps::provisioning {
namespace {

constexpr int kYieldStretches = 20;

/// The recipe of the profile's DM key: the master the head-end would derive from.
Outcome<SecretRecipe> dmRecipe(Station& station, const OrderRecord& record) {
    KPS_TRY_LET(profile, station.orders().profileOf(record));
    KPS_TRY_LET(plan, planKeys(profile, record.order));
    for (const SecretRecipe& recipe : plan.keys)
        if (recipe.role == SecretRole::Dm && recipe.origin == SecretOrigin::Derived)
            return recipe;
    return failure(ErrorKind::Refused, QStringLiteral("export DM batch"), record.order.id,
                   QStringLiteral("key source %1 has no DM master the head-end could derive from")
                       .arg(keySourceName(record.order.keySource)),
                   QStringLiteral("Order the DM batch as keys (headend.dm = keys)"));
}

Done readEndpointFacts(BatchFacts& facts, Store& store, const QString& orderId) {
    KPS_TRY_LET(failures, store.endpoints().failureReasons(orderId));
    KPS_TRY_LET(cycles, store.endpoints().cycleTimes(orderId));
    KPS_TRY_LET(busy, store.endpoints().inProgress(orderId));
    KPS_TRY_LET(units, store.reports().unitOutcomes(orderId));
    KPS_TRY_LET(series, store.reports().yieldSeries(orderId, kYieldStretches));
    KPS_TRY_LET(firmware, store.endpoints().firmwareCounts(orderId));
    facts.failures = std::move(failures);
    facts.cycleTimes = std::move(cycles);
    facts.inProgress = busy;
    facts.units = units;
    facts.yieldSeries = std::move(series);
    facts.firmware = std::move(firmware);
    return {};
}

Done readPeople(BatchFacts& facts, Store& store, const QString& orderId, qint64 upTo) {
    KPS_TRY_LET(events, store.reports().auditOf(orderId, upTo));
    KPS_TRY_LET(users, store.users().all());
    facts.events = std::move(events);
    for (const UserRow& user : users)
        if (const auto role = roleFrom(user.role))
            facts.roles.emplace_back(user.name, *role);
    return {};
}

/// A shared registry: each station's share of the order and its chain's head.
Done shareByStation(BatchFacts& facts, Store& store, const QString& orderId) {
    if (!store.shared())
        return {};
    KPS_TRY_LET(counts, store.endpoints().stationCounts(orderId));
    for (const StationCount& count : counts) {
        KPS_TRY_LET(head, store.audit().headOf(count.station));
        facts.stations.push_back(
            {count.station, count.verified, count.failed, head.seq, head.hash});
    }
    return {};
}

} // namespace

Done BatchRecords::forEachVerified(const EndpointVisit& visit) {
    return core_->store->endpoints().forEachSecrets(record_.order.id, EndpointState::Verified,
                                                    visit);
}

Done BatchRecords::forEachEndpoint(const EndpointVisit& visit) {
    return core_->store->endpoints().forEach(record_.order.id, std::nullopt, visit);
}

Outcome<std::vector<std::pair<int, QString>>> BatchRecords::kcvColumns() {
    return core_->store->reports().kcvColumns(record_.order.id);
}

Outcome<HeadendMaster> BatchRecords::headendDmMaster() {
    KPS_TRY_LET(recipe, dmRecipe(*station_, record_));
    KPS_TRY_LET(kcv, core_->store->orders().masterKcv(recipe.keyLabel));
    KPS_TRY_LET(wrapped, core_->vault->wrapMasterFor(recipe.keyLabel,
                                                     kekLabelsFor(record_.order.id).headend));
    if (!kcv)
        return failure(ErrorKind::Internal, QStringLiteral("export DM batch"), record_.order.id,
                       QStringLiteral("no check value recorded for %1").arg(recipe.keyLabel));
    return HeadendMaster{std::move(wrapped), *kcv};
}

Outcome<AuditCheckpoint> BatchRecords::anchor() {
    Store& store = *core_->store;
    if (record_.state == OrderState::Closed) {
        KPS_TRY_LET(sealed,
                    store.audit().checkpointOf(QStringLiteral("order.close"), record_.order.id));
        if (sealed)
            return *sealed;
    }
    std::optional<AuditCheckpoint> anchor;
    KPS_TRY(store.inTransaction([&]() -> Done {
        KPS_TRY(
            store.audit().append(by_.user, QStringLiteral("report.anchor"), record_.order.id,
                                 {{QStringLiteral("interim"), record_.state != OrderState::Closed}},
                                 QDateTime::currentDateTimeUtc()));
        KPS_TRY_LET(checkpoint, store.audit().checkpoint(QStringLiteral("report")));
        anchor = checkpoint;
        return {};
    }));
    return *anchor;
}

Outcome<BatchFacts> BatchRecords::facts(const AuditCheckpoint& anchor) {
    Store& store = *core_->store;
    BatchFacts facts;
    facts.record = record_;
    const QString& orderId = record_.order.id;
    KPS_TRY(readEndpointFacts(facts, store, orderId));
    KPS_TRY(readPeople(facts, store, orderId, anchor.seq));
    KPS_TRY(shareByStation(facts, store, orderId));
    // MANUF batches use the station's own masters; customer batches their imported ones.
    KPS_TRY_LET(masters, store.orders().masters(
                             record_.order.keySource == KeySource::Manuf ? QString() : orderId));
    facts.masters = std::move(masters);
    KPS_TRY_LET(pinned, store.orders().pinnedProfile(orderId));
    if (pinned)
        facts.profileSha256 = pinned->sha256;
    return facts;
}

Done BatchRecords::recordExport(const QString& file, const QString& sha256) {
    KPS_TRY(station_->audit().append(
        by_.user, QStringLiteral("export"), record_.order.id,
        {{QStringLiteral("file"), file}, {QStringLiteral("sha256"), sha256}}));
    return {};
}

Done BatchRecords::recordReport(qint64 anchorSeq, const QJsonArray& files) {
    KPS_TRY(station_->audit().append(
        by_.user, QStringLiteral("report.write"), record_.order.id,
        {{QStringLiteral("anchor"), anchorSeq}, {QStringLiteral("files"), files}}));
    return {};
}

} // namespace kps::provisioning
