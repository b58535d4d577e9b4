#include "kps/reports/batch_report.hpp"

#include "kps/reports/listing_writer.hpp"
#include "kps/schemas/validator.hpp"

#include <QJsonArray>
#include <QJsonDocument>

namespace kps::reports {

double ReportFacts::yield() const {
    const qint64 attempted = verified + failed;
    return attempted ? double(verified) / double(attempted) : 0.0;
}

namespace {

QJsonArray pairs(const std::vector<std::pair<QString, QString>>& list, const char* first,
                 const char* second) {
    QJsonArray array;
    for (const auto& [a, b] : list)
        array.append(
            QJsonObject{{QString::fromLatin1(first), a}, {QString::fromLatin1(second), b}});
    return array;
}

} // namespace

QJsonObject reportJsonOfStation(const ReportFacts& facts);

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

QJsonObject reportJson(const ReportFacts& facts) {
    QJsonObject json = reportJsonOfStation(facts);
    if (!facts.stations.empty())
        json.insert(QStringLiteral("stations"), stationShares(facts));
    return json;
}

QJsonObject reportJsonOfStation(const ReportFacts& facts) {
    QJsonArray failures;
    for (const auto& [reason, count] : facts.failures)
        failures.append(
            QJsonObject{{QStringLiteral("reason"), reason}, {QStringLiteral("count"), count}});
    return {
        {QStringLiteral("format"), QStringLiteral("kps-report/1")},
        {QStringLiteral("order"), facts.order},
        {QStringLiteral("generated"), facts.generated.toUTC().toString(Qt::ISODate)},
        {QStringLiteral("customer"), facts.customer},
        {QStringLiteral("headend"), facts.headend},
        {QStringLiteral("profile"), facts.profile},
        {QStringLiteral("keySource"), facts.keySource},
        {QStringLiteral("station"),
         QJsonObject{{QStringLiteral("name"), facts.stationName},
                     {QStringLiteral("certificateSha256"), facts.stationCertificateSha256},
                     {QStringLiteral("hsm"), facts.hsmDescription}}},
        {QStringLiteral("counts"), QJsonObject{{QStringLiteral("quantity"), facts.quantity},
                                               {QStringLiteral("verified"), facts.verified},
                                               {QStringLiteral("failed"), facts.failed},
                                               {QStringLiteral("inProgress"), facts.inProgress}}},
        {QStringLiteral("failures"), failures},
        {QStringLiteral("yield"), facts.yield()},
        {QStringLiteral("cycleTimeMs"), QJsonObject{{QStringLiteral("mean"), facts.cycle.mean},
                                                    {QStringLiteral("p50"), facts.cycle.p50},
                                                    {QStringLiteral("p95"), facts.cycle.p95},
                                                    {QStringLiteral("max"), facts.cycle.max}}},
        {QStringLiteral("masters"), pairs(facts.masters, "name", "kcv")},
        {QStringLiteral("exports"), pairs(facts.exports, "file", "sha256")},
        {QStringLiteral("operators"), QJsonArray::fromStringList(facts.operators)},
        {QStringLiteral("destruction"),
         facts.destruction ? QJsonValue(*facts.destruction) : QJsonValue()},
        {QStringLiteral("auditHead"), QJsonObject{{QStringLiteral("seq"), facts.auditSeq},
                                                  {QStringLiteral("hash"), facts.auditHash}}},
    };
}

ReportResult<QString> writeReportJson(const QString& path, const ReportFacts& facts,
                                      hsm::Signer& signer) {
    const QJsonObject json = reportJson(facts);
    if (auto valid = schemas::validate(json, QStringLiteral("kps-report/1"), path); !valid)
        return tl::unexpected(ReportError::fromInput(valid.error()));
    return writeSigned(path, QJsonDocument(json).toJson(QJsonDocument::Indented), signer);
}

} // namespace kps::reports
