#include "report_facts.hpp"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <map>

namespace kps::app {
namespace {

using namespace provisioning;

void describeOrder(reports::ReportFacts& facts, Station& station, const OrderRecord& record) {
    const StationIdentity& identity = station.identity();
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

void countEndpoints(reports::ReportFacts& facts, const BatchFacts& batch) {
    for (const auto& [reason, count] : batch.failures)
        facts.failures.emplace_back(reason, count);
    facts.cycle = reports::cycleStatsOf(batch.cycleTimes);
    facts.inProgress = batch.inProgress;
    facts.scrapped = batch.units.scrapped;
    facts.reworked = batch.units.reworked;
    facts.retried = batch.units.retried;
    facts.retries = batch.units.retries;
    for (const FinishedStretch& stretch : batch.yieldSeries)
        facts.yieldSeries.push_back({stretch.first, stretch.verified, stretch.failed});
    facts.firmware = batch.firmware;
    facts.profileSha256 = batch.profileSha256;
}

/// Everyone who took part in an audit row: its actor and, for a dual-control step, both
/// custodians its detail names.
QStringList peopleIn(const AuditEntry& entry) {
    QStringList names{entry.actor};
    const QJsonObject detail = QJsonDocument::fromJson(entry.detail.toUtf8()).object();
    for (const QJsonValue& custodian : detail[QStringLiteral("custodians")].toArray())
        if (const QString name = custodian.toString(); !name.isEmpty() && !names.contains(name))
            names << name;
    return names;
}

/// Who did what for the order, from its own audit rows, with their roles.
std::vector<reports::Person> peopleOf(const BatchFacts& batch) {
    std::map<QString, reports::Person> people;
    for (const AuditEntry& entry : batch.events)
        for (const QString& name : peopleIn(entry)) {
            auto& person = people[name];
            person.name = name;
            if (!person.events.contains(entry.event))
                person.events << entry.event;
        }
    for (const auto& [name, role] : batch.roles)
        if (auto found = people.find(name); found != people.end())
            found->second.role = roleName(role);
    std::vector<reports::Person> list;
    for (auto& [name, person] : people)
        list.push_back(std::move(person));
    return list;
}

/// The newest row of a file counts: a close interrupted after an export and run again
/// writes that file anew, so its first row names bytes that are gone.
void addExport(std::vector<reports::NamedHash>& exports, const QString& file,
               const QString& sha256) {
    for (reports::NamedHash& known : exports)
        if (known.file == file) {
            known.sha256 = sha256;
            return;
        }
    exports.push_back({file, sha256});
}

void readEvents(reports::ReportFacts& facts, const std::vector<AuditEntry>& events) {
    for (const AuditEntry& entry : events) {
        const QJsonObject detail = QJsonDocument::fromJson(entry.detail.toUtf8()).object();
        if (entry.event == QLatin1String("line.start"))
            ++facts.runs;
        if (entry.event == QLatin1String("line.stop"))
            facts.recovered += detail[QStringLiteral("recovered")].toInteger();
        if (entry.event == QLatin1String("export"))
            addExport(facts.exports, detail[QStringLiteral("file")].toString(),
                      detail[QStringLiteral("sha256")].toString());
        if (entry.event == QLatin1String("keys.destroyed")) {
            facts.destruction =
                reports::DestructionFacts{entry.seq, entry.at, entry.actor, entry.hash, detail};
            const QString record = detail[QStringLiteral("record")].toString();
            if (!record.isEmpty()) // the signed destruction record beside the exports
                addExport(facts.exports, QFileInfo(record).fileName(),
                          detail[QStringLiteral("sha256")].toString());
        }
    }
}

} // namespace

reports::ReportFacts reportFactsOf(Station& station, const BatchFacts& batch,
                                   const AuditCheckpoint& anchor) {
    reports::ReportFacts facts;
    describeOrder(facts, station, batch.record);
    countEndpoints(facts, batch);
    facts.people = peopleOf(batch);
    readEvents(facts, batch.events);
    facts.anchor = {anchor.seq,    anchor.hash,      anchor.at,
                    anchor.reason, anchor.signature, anchor.signerSha256};
    for (const StationShare& share : batch.stations)
        facts.stations.push_back(
            {share.station, share.verified, share.failed, share.auditSeq, share.auditHash});
    facts.masters = batch.masters;
    return facts;
}

} // namespace kps::app
