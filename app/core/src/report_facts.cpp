#include "report_facts.hpp"

#include "kps/app/order_close.hpp"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <numeric>

namespace kps::app {
namespace {

using namespace provisioning;

reports::CycleStats statsOf(const std::vector<qint64>& sorted) {
    reports::CycleStats stats;
    if (sorted.empty())
        return stats;
    const auto at = [&](double share) {
        return double(sorted[std::size_t(share * double(sorted.size() - 1))]);
    };
    stats.mean =
        double(std::accumulate(sorted.begin(), sorted.end(), qint64(0))) / double(sorted.size());
    stats.p50 = at(0.5);
    stats.p95 = at(0.95);
    stats.max = double(sorted.back());
    return stats;
}

std::vector<std::pair<QString, QString>> exportedFiles(const ExportFiles& files) {
    std::vector<std::pair<QString, QString>> list;
    for (const QString& path : {files.listing, files.dmBatch}) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        QCryptographicHash hash(QCryptographicHash::Sha256);
        hash.addData(&file);
        list.emplace_back(QFileInfo(path).fileName(), QString::fromLatin1(hash.result().toHex()));
    }
    return list;
}

/// The destruction record of the order, as the audit chain holds it.
std::optional<QJsonObject> destructionOf(Store& store, const QString& orderId) {
    std::optional<QJsonObject> record;
    store.forEachAudit([&](const AuditEntry& entry) -> Done {
        if (entry.event == QLatin1String("keys.destroyed") && entry.subject == orderId)
            record = QJsonDocument::fromJson(entry.detail.toUtf8()).object();
        return {};
    });
    return record;
}

void describeOrder(reports::ReportFacts& facts, Station& station, const OrderRecord& record) {
    const auto& identity = station.vault().identity();
    facts.order = record.order.id;
    facts.generated = QDateTime::currentDateTimeUtc();
    facts.customer = record.order.customer.name;
    facts.headend = record.order.headend.name;
    facts.profile = record.order.profile;
    facts.keySource = keySourceName(record.order.keySource);
    facts.stationName = station.name();
    facts.stationCertificateSha256 = QString::fromStdString(identity.signing.sha256Hex);
    facts.hsmDescription = identity.hsmDescription;
    facts.quantity = record.order.quantity;
    facts.verified = record.verified;
    facts.failed = record.failed;
}

Done countEndpoints(reports::ReportFacts& facts, Store& store, const QString& orderId) {
    auto failures = store.failureReasons(orderId);
    auto cycles = store.cycleTimes(orderId);
    auto busy = store.inProgress(orderId);
    auto actors = store.actorsFor(orderId);
    auto head = store.auditHead();
    if (!failures || !cycles || !busy || !actors || !head)
        return failure(ErrorKind::Store, QStringLiteral("gather report facts"), orderId,
                       QStringLiteral("the store could not be read"),
                       QStringLiteral("Run kps audit verify"));
    facts.failures = *failures;
    facts.cycle = statsOf(*cycles);
    facts.inProgress = *busy;
    facts.operators = *actors;
    facts.auditSeq = head->seq;
    facts.auditHash = head->hash;
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

CommandResult<reports::ReportFacts> gatherReportFacts(Station& station, const QString& orderId) {
    auto record = station.order(orderId);
    if (!record)
        return tl::unexpected(fromError(record.error()));
    reports::ReportFacts facts;
    describeOrder(facts, station, *record);
    if (auto counted = countEndpoints(facts, station.store(), orderId); !counted)
        return tl::unexpected(fromError(counted.error()));
    if (auto shared = shareByStation(facts, station.store(), orderId); !shared)
        return tl::unexpected(fromError(shared.error()));
    // MANUF batches use the station's own masters; customer batches their imported ones.
    auto masters =
        station.store().masters(record->order.keySource == KeySource::Manuf ? QString() : orderId);
    if (!masters)
        return tl::unexpected(fromError(masters.error()));
    facts.masters = *masters;
    facts.exports = exportedFiles(exportFilesFor(station.paths(), orderId));
    facts.destruction = destructionOf(station.store(), orderId);
    return facts;
}

} // namespace kps::app
