#include "kps/reports/batch_report.hpp"

#include "kps/reports/listing_writer.hpp"
#include "kps/schemas/validator.hpp"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>

namespace kps::reports {
namespace {

QJsonArray namedHashes(const std::vector<NamedHash>& list) {
    QJsonArray array;
    for (const auto& [file, sha256] : list)
        array.append(
            QJsonObject{{QStringLiteral("file"), file}, {QStringLiteral("sha256"), sha256}});
    return array;
}

QJsonArray mastersJson(const std::vector<std::pair<QString, QString>>& masters) {
    QJsonArray array;
    for (const auto& [name, kcv] : masters)
        array.append(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("kcv"), kcv}});
    return array;
}

QJsonObject countsJson(const ReportFacts& facts) {
    return {{QStringLiteral("quantity"), facts.quantity},
            {QStringLiteral("verified"), facts.verified},
            {QStringLiteral("failed"), facts.failed},
            {QStringLiteral("scrapped"), facts.scrapped},
            {QStringLiteral("reworked"), facts.reworked},
            {QStringLiteral("retried"), facts.retried},
            {QStringLiteral("retries"), facts.retries},
            {QStringLiteral("runs"), facts.runs},
            {QStringLiteral("recovered"), facts.recovered},
            {QStringLiteral("inProgress"), facts.inProgress}};
}

QJsonObject cycleJson(const CycleStats& cycle) {
    QJsonArray histogram;
    for (const HistogramBin& bin : cycle.histogram)
        histogram.append(QJsonObject{{QStringLiteral("fromMs"), bin.fromMs},
                                     {QStringLiteral("toMs"), bin.toMs},
                                     {QStringLiteral("count"), bin.count}});
    return {{QStringLiteral("mean"), cycle.mean},
            {QStringLiteral("p50"), cycle.p50},
            {QStringLiteral("p95"), cycle.p95},
            {QStringLiteral("max"), cycle.max},
            {QStringLiteral("histogram"), histogram}};
}

QJsonArray failuresJson(const ReportFacts& facts) {
    QJsonArray failures;
    for (const auto& [reason, count] : facts.failures)
        failures.append(
            QJsonObject{{QStringLiteral("reason"), reason}, {QStringLiteral("count"), count}});
    return failures;
}

QJsonArray yieldJson(const std::vector<YieldBucket>& series) {
    QJsonArray array;
    for (const YieldBucket& bucket : series)
        array.append(QJsonObject{{QStringLiteral("first"), bucket.first},
                                 {QStringLiteral("verified"), bucket.verified},
                                 {QStringLiteral("failed"), bucket.failed}});
    return array;
}

QJsonArray peopleJson(const std::vector<Person>& people) {
    QJsonArray array;
    for (const Person& person : people)
        array.append(
            QJsonObject{{QStringLiteral("name"), person.name},
                        {QStringLiteral("role"), person.role},
                        {QStringLiteral("events"), QJsonArray::fromStringList(person.events)}});
    return array;
}

QJsonValue destructionJson(const std::optional<DestructionFacts>& destruction) {
    if (!destruction)
        return QJsonValue::Null;
    return QJsonObject{{QStringLiteral("seq"), destruction->seq},
                       {QStringLiteral("at"), destruction->at},
                       {QStringLiteral("actor"), destruction->actor},
                       {QStringLiteral("hash"), destruction->hash},
                       {QStringLiteral("record"), destruction->record}};
}

QJsonObject anchorJson(const AuditAnchor& anchor) {
    return {{QStringLiteral("seq"), anchor.seq},
            {QStringLiteral("hash"), anchor.hash},
            {QStringLiteral("at"), anchor.at},
            {QStringLiteral("reason"), anchor.reason},
            {QStringLiteral("signature"), QString::fromLatin1(anchor.signature.toBase64())},
            {QStringLiteral("signerSha256"), anchor.signerSha256}};
}

QJsonObject partiesJson(const ReportFacts& facts) {
    return {{QStringLiteral("name"), facts.stationName},
            {QStringLiteral("certificateSha256"), facts.stationCertificateSha256},
            {QStringLiteral("hsm"), facts.hsmDescription}};
}

} // namespace

double ReportFacts::yield() const {
    const qint64 attempted = verified + failed;
    return attempted ? double(verified) / double(attempted) : 0.0;
}

QStringList ReportFacts::operators() const {
    QStringList names;
    for (const Person& person : people)
        if (person.role == QLatin1String("operator"))
            names << person.name;
    return names;
}

QStringList ReportFacts::custodians() const {
    QStringList names;
    for (const Person& person : people)
        if (person.role == QLatin1String("custodian"))
            names << person.name;
    return names;
}

namespace {

/// A shared registry: each station's share of the order and its chain's head.
QJsonArray stationShares(const ReportFacts& facts) {
    QJsonArray stations;
    for (const ReportFacts::StationShare& share : facts.stations)
        stations.append(QJsonObject{
            {QStringLiteral("name"), share.station},
            {QStringLiteral("verified"), share.verified},
            {QStringLiteral("failed"), share.failed},
            {QStringLiteral("auditHead"), QJsonObject{{QStringLiteral("seq"), share.auditSeq},
                                                      {QStringLiteral("hash"), share.auditHash}}}});
    return stations;
}

} // namespace

ReportFiles reportFilesIn(const QString& directory, const QString& orderId) {
    const QDir dir(directory);
    const QString stem = orderId + QStringLiteral("-report");
    return {dir.filePath(stem + QStringLiteral(".json")),
            dir.filePath(stem + QStringLiteral(".pdf")),
            dir.filePath(stem + QStringLiteral(".csv"))};
}

QJsonObject reportJson(const ReportFacts& facts, const std::vector<NamedHash>& companions) {
    QJsonObject json{
        {QStringLiteral("format"), QStringLiteral("kps-report/1")},
        {QStringLiteral("order"), facts.order},
        {QStringLiteral("interim"), facts.interim},
        {QStringLiteral("generated"), facts.anchor.at},
        {QStringLiteral("customer"), facts.customer},
        {QStringLiteral("headend"), facts.headend},
        {QStringLiteral("headendDm"), facts.headendDm},
        {QStringLiteral("profile"), facts.profile},
        {QStringLiteral("keySource"), facts.keySource},
        {QStringLiteral("station"), partiesJson(facts)},
        {QStringLiteral("counts"), countsJson(facts)},
        {QStringLiteral("failures"), failuresJson(facts)},
        {QStringLiteral("yield"), facts.yield()},
        {QStringLiteral("yieldSeries"), yieldJson(facts.yieldSeries)},
        {QStringLiteral("cycleTimeMs"), cycleJson(facts.cycle)},
        {QStringLiteral("masters"), mastersJson(facts.masters)},
        {QStringLiteral("keks"), QJsonObject{{QStringLiteral("customerKcv"), facts.customerKekKcv},
                                             {QStringLiteral("headendKcv"), facts.headendKekKcv}}},
        {QStringLiteral("people"), peopleJson(facts.people)},
        {QStringLiteral("operators"), QJsonArray::fromStringList(facts.operators())},
        {QStringLiteral("custodians"), QJsonArray::fromStringList(facts.custodians())},
        {QStringLiteral("exports"), namedHashes(facts.exports)},
        {QStringLiteral("destruction"), destructionJson(facts.destruction)},
        {QStringLiteral("auditHead"), anchorJson(facts.anchor)},
        {QStringLiteral("companions"), namedHashes(companions)},
    };
    if (!facts.stations.empty())
        json.insert(QStringLiteral("stations"), stationShares(facts));
    if (!facts.profileSha256.isEmpty())
        json.insert(QStringLiteral("profileSha256"), facts.profileSha256);
    if (!facts.firmware.empty()) {
        QJsonArray images;
        for (const auto& [sha256, endpoints] : facts.firmware)
            images.append(QJsonObject{{QStringLiteral("sha256"), sha256},
                                      {QStringLiteral("endpoints"), endpoints}});
        json.insert(QStringLiteral("firmware"), images);
    }
    return json;
}

ReportResult<QString> writeReportJson(const QString& path, const ReportFacts& facts,
                                      const std::vector<NamedHash>& companions,
                                      x509::Signer& signer) {
    const QJsonObject json = reportJson(facts, companions);
    if (auto valid = schemas::validate(json, QStringLiteral("kps-report/1"), path); !valid)
        return reportFailure(ReportErrorKind::Output, path, valid.error().place,
                             QStringLiteral("would not match its schema: ") + valid.error().reason);
    return writeSigned(path, QJsonDocument(json).toJson(QJsonDocument::Indented), signer);
}

} // namespace kps::reports
