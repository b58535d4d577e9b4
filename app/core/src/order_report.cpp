// kps report: the batch report's three signed files, from the store and the audit chain.
#include "kps/app/order_close.hpp"
#include "kps/reports/endpoint_csv.hpp"
#include "report_facts.hpp"

#include <QFileInfo>
#include <QJsonArray>

namespace kps::app {
namespace {

using namespace provisioning;

CommandError cancelled(const QString& orderId) {
    return {Refused, QStringLiteral("%1: cancelled; nothing was written").arg(orderId)};
}

/// The closed order's seal, or a fresh checkpoint for an interim report.
CommandResult<AuditCheckpoint> anchorFor(Station& station, const OrderRecord& record,
                                         const QString& actor) {
    if (record.state == OrderState::Closed) {
        auto sealed = station.store().checkpointOf(QStringLiteral("order.close"), record.order.id);
        if (!sealed)
            return tl::unexpected(fromError(sealed.error()));
        if (*sealed)
            return **sealed;
    }
    std::optional<AuditCheckpoint> anchor;
    auto made = station.store().inTransaction([&]() -> Done {
        auto row = station.store().appendAudit(
            actor, QStringLiteral("report.anchor"), record.order.id,
            {{QStringLiteral("interim"), record.state != OrderState::Closed}},
            QDateTime::currentDateTimeUtc());
        if (!row)
            return tl::unexpected(row.error());
        auto checkpoint = station.store().checkpoint(QStringLiteral("report"));
        if (!checkpoint)
            return tl::unexpected(checkpoint.error());
        anchor = *checkpoint;
        return {};
    });
    if (!made)
        return tl::unexpected(fromError(made.error()));
    return *anchor;
}

reports::EndpointLine lineOf(const EndpointRow& row,
                             const std::vector<std::pair<int, QString>>& columns) {
    const auto iso = [](const QDateTime& time) {
        return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
    };
    reports::EndpointLine line{
        row.address,  endpointStateName(row.state), row.reason,          row.slot,    row.attempts,
        row.uniqueId, iso(row.reservedAt),          iso(row.finishedAt), row.cycleMs, {}};
    for (const auto& [id, role] : columns) {
        QString kcv;
        for (const SecretRow& secret : row.secrets)
            if (secret.id == id)
                kcv = secret.kcv;
        line.kcvs << kcv;
    }
    return line;
}

CommandResult<QString> writeCsv(Station& station, const OrderRecord& record, const QString& path,
                                const Progress& progress, qint64& rows) {
    auto columns = station.store().kcvColumns(record.order.id);
    if (!columns)
        return tl::unexpected(fromError(columns.error()));
    QStringList names;
    for (const auto& [id, role] : *columns)
        names << QStringLiteral("kcv_%1_%2").arg(id).arg(role);
    auto csv = reports::EndpointCsvWriter::create(path, names);
    if (!csv)
        return tl::unexpected(fromError(csv.error()));
    std::optional<CommandError> stopped;
    auto streamed = station.store().forEachEndpoint(
        record.order.id, std::nullopt, [&](const EndpointRow& row) -> Done {
            if (auto added = (*csv)->add(lineOf(row, *columns)); !added)
                stopped = fromError(added.error());
            else if ((*csv)->rows() % 1000 == 0 && progress.cancelled())
                stopped = cancelled(record.order.id);
            if ((*csv)->rows() % 1000 == 0)
                progress.step(QStringLiteral("report, endpoint detail"), (*csv)->rows(),
                              qint64(record.issued));
            return stopped ? failure(ErrorKind::Refused, {}, {}, {}) : Done{};
        });
    if (stopped)
        return tl::unexpected(*stopped);
    if (!streamed)
        return tl::unexpected(fromError(streamed.error()));
    rows = (*csv)->rows();
    auto digest = (*csv)->finish(*station.vault().signer());
    if (!digest)
        return tl::unexpected(fromError(digest.error()));
    return *digest;
}

QJsonArray filesJson(const std::vector<reports::NamedHash>& files) {
    QJsonArray array;
    for (const auto& [file, sha256] : files)
        array.append(
            QJsonObject{{QStringLiteral("file"), file}, {QStringLiteral("sha256"), sha256}});
    return array;
}

} // namespace

CommandResult<ReportSummary> writeReport(Station& station, const Principal& by,
                                         const QString& orderId, const Progress& progress) {
    if (auto permitted = station.require(by, Action::WriteReport, orderId); !permitted)
        return tl::unexpected(fromError(permitted.error()));
    auto record = station.order(orderId);
    if (!record)
        return tl::unexpected(fromError(record.error()));
    auto anchor = anchorFor(station, *record, by.user);
    if (!anchor)
        return tl::unexpected(anchor.error());
    auto facts = gatherReportFacts(station, *record, *anchor);
    if (!facts)
        return tl::unexpected(facts.error());
    ReportSummary summary{exportFilesFor(station.paths(), orderId).report, facts->interim,
                          anchor->seq, 0};
    auto& signer = *station.vault().signer();
    auto csv = writeCsv(station, *record, summary.files.csv, progress, summary.endpoints);
    if (!csv)
        return tl::unexpected(csv.error());
    std::vector<reports::NamedHash> companions{{QFileInfo(summary.files.csv).fileName(), *csv}};
    progress.step(QStringLiteral("report, PDF"), 0, 1);
    auto pdf = reports::writeReportPdf(summary.files.pdf, *facts, companions, signer);
    if (!pdf)
        return tl::unexpected(fromError(pdf.error()));
    companions.insert(companions.begin(), {QFileInfo(summary.files.pdf).fileName(), *pdf});
    auto json = reports::writeReportJson(summary.files.json, *facts, companions, signer);
    if (!json)
        return tl::unexpected(fromError(json.error()));
    companions.insert(companions.begin(), {QFileInfo(summary.files.json).fileName(), *json});
    if (auto audited = station.audit(by.user, QStringLiteral("report.write"), orderId,
                                     {{QStringLiteral("anchor"), anchor->seq},
                                      {QStringLiteral("files"), filesJson(companions)}});
        !audited)
        return tl::unexpected(fromError(audited.error()));
    return summary;
}

} // namespace kps::app
