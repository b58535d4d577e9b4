#include "report_facts.hpp"

#include <QFileInfo>
#include <QJsonDocument>
#include <map>

namespace kps::app {
namespace {

using namespace provisioning;

constexpr int kYieldStretches = 20;

void describeOrder(reports::ReportFacts& facts, Station& station, const OrderRecord& record) {
    const auto& identity = station.vault().identity();
    facts.order = record.order.id;
    facts.interim = record.state != OrderState::Closed;
    facts.customer = record.order.customer.name;
    facts.headend = record.order.headend.name;
    facts.headendDm = record.order.headendDm;
    facts.profile = record.order.profile;
    facts.keySource = keySourceName(record.order.keySource);
    facts.stationName = station.name();
    facts.stationCertificateSha256 = QString::fromStdString(identity.signing.sha256Hex);
    facts.hsmDescription = identity.hsmDescription;
    facts.quantity = record.order.quantity;
    facts.verified = record.verified;
    facts.failed = record.failed;
    facts.customerKekKcv = record.customerKek.kcv;
    facts.headendKekKcv = record.headendKek.kcv;
}

Done countEndpoints(reports::ReportFacts& facts, Store& store, const QString& orderId) {
    auto failures = store.failureReasons(orderId);
    auto cycles = store.cycleTimes(orderId);
    auto busy = store.inProgress(orderId);
    auto units = store.unitOutcomes(orderId);
    auto series = store.yieldSeries(orderId, kYieldStretches);
    auto firmware = store.firmwareCounts(orderId);
    if (!failures || !cycles || !busy || !units || !series || !firmware)
        return failure(ErrorKind::Store, QStringLiteral("gather report facts"), orderId,
                       QStringLiteral("the store could not be read"),
                       QStringLiteral("Check the database"));
    for (const auto& [reason, count] : *failures)
        facts.failures.emplace_back(reason, count);
    facts.cycle = reports::cycleStatsOf(*cycles);
    facts.inProgress = *busy;
    facts.scrapped = units->scrapped;
    facts.reworked = units->reworked;
    facts.retried = units->retried;
    facts.retries = units->retries;
    for (const FinishedStretch& stretch : *series)
        facts.yieldSeries.push_back({stretch.first, stretch.verified, stretch.failed});
    facts.firmware = std::move(*firmware);
    return {};
}

/// Who did what for the order, from its own audit rows, with their roles.
std::vector<reports::Person> peopleOf(const std::vector<AuditEntry>& events,
                                      const std::vector<UserRow>& users) {
    std::map<QString, reports::Person> people;
    for (const AuditEntry& entry : events) {
        auto& person = people[entry.actor];
        person.name = entry.actor;
        if (!person.events.contains(entry.event))
            person.events << entry.event;
    }
    for (const UserRow& user : users)
        if (auto found = people.find(user.name); found != people.end())
            found->second.role = user.role;
    std::vector<reports::Person> list;
    for (auto& [name, person] : people)
        list.push_back(std::move(person));
    return list;
}

void readEvents(reports::ReportFacts& facts, const std::vector<AuditEntry>& events) {
    for (const AuditEntry& entry : events) {
        const QJsonObject detail = QJsonDocument::fromJson(entry.detail.toUtf8()).object();
        if (entry.event == QLatin1String("line.start"))
            ++facts.runs;
        if (entry.event == QLatin1String("line.stop"))
            facts.recovered += detail[QStringLiteral("recovered")].toInteger();
        if (entry.event == QLatin1String("export"))
            facts.exports.push_back({detail[QStringLiteral("file")].toString(),
                                     detail[QStringLiteral("sha256")].toString()});
        if (entry.event == QLatin1String("keys.destroyed")) {
            facts.destruction =
                reports::DestructionFacts{entry.seq, entry.at, entry.actor, entry.hash, detail};
            const QString record = detail[QStringLiteral("record")].toString();
            if (!record.isEmpty()) // the signed destruction record beside the exports
                facts.exports.push_back(
                    {QFileInfo(record).fileName(), detail[QStringLiteral("sha256")].toString()});
        }
    }
}

Done readAuditFacts(reports::ReportFacts& facts, Store& store, const AuditCheckpoint& anchor) {
    auto events = store.auditOf(facts.order, anchor.seq);
    auto users = store.users();
    if (!events || !users)
        return tl::unexpected(events ? users.error() : events.error());
    facts.people = peopleOf(*events, *users);
    readEvents(facts, *events);
    facts.anchor = {anchor.seq,    anchor.hash,      anchor.at,
                    anchor.reason, anchor.signature, anchor.signerSha256};
    return {};
}

/// A shared registry: each station's share of the order and its chain's head.
Done shareByStation(reports::ReportFacts& facts, Store& store, const QString& orderId) {
    if (!store.shared())
        return {};
    auto counts = store.stationCounts(orderId);
    if (!counts)
        return tl::unexpected(counts.error());
    for (const StationCount& count : *counts) {
        auto head = store.auditHeadOf(count.station);
        if (!head)
            return tl::unexpected(head.error());
        facts.stations.push_back(
            {count.station, count.verified, count.failed, head->seq, head->hash});
    }
    return {};
}

} // namespace

CommandResult<reports::ReportFacts> gatherReportFacts(Station& station, const OrderRecord& record,
                                                      const AuditCheckpoint& anchor) {
    reports::ReportFacts facts;
    describeOrder(facts, station, record);
    if (auto counted = countEndpoints(facts, station.store(), record.order.id); !counted)
        return tl::unexpected(fromError(counted.error()));
    if (auto read = readAuditFacts(facts, station.store(), anchor); !read)
        return tl::unexpected(fromError(read.error()));
    if (auto shared = shareByStation(facts, station.store(), record.order.id); !shared)
        return tl::unexpected(fromError(shared.error()));
    // MANUF batches use the station's own masters; customer batches their imported ones.
    auto masters = station.store().masters(
        record.order.keySource == KeySource::Manuf ? QString() : record.order.id);
    if (!masters)
        return tl::unexpected(fromError(masters.error()));
    facts.masters = *masters;
    return facts;
}

} // namespace kps::app
