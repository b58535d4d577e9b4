// kps close, kps audit verify.
#include "cli_context.hpp"
#include "kps/app/audit_check.hpp"
#include "kps/app/order_close.hpp"
#include "kps/app/registry_audit.hpp"
#include "progress_printer.hpp"

#include <QJsonArray>

namespace kps::cli {

using namespace provisioning;

int runClose(const Context& context) {
    QCommandLineParser parser;
    if (!parseArguments(parser, context, 1, QStringLiteral("close ORDER")))
        return app::Usage;
    auto session = openAndLogIn(context);
    if (!session)
        return failWith(context, session.error());
    auto& station = session->station;
    auto closed =
        app::closeOrder(*station, session->principal, parser.positionalArguments().first(),
                        terminalProgress(!context.json));
    if (!closed)
        return failWith(context, closed.error());
    return succeed(
        context,
        QStringLiteral("Order closed: %1 endpoints exported to %2; %3 order keys destroyed in the "
                       "HSM; report anchored to audit row %4")
            .arg(closed->endpoints)
            .arg(closed->files.directory)
            .arg(closed->destroyed.size())
            .arg(closed->report.anchorSeq),
        {{QStringLiteral("exports"), closed->files.directory},
         {QStringLiteral("listing"), closed->files.listing},
         {QStringLiteral("dmBatch"), closed->files.dmBatch},
         {QStringLiteral("report"), closed->files.report.json},
         {QStringLiteral("reportPdf"), closed->files.report.pdf},
         {QStringLiteral("reportCsv"), closed->files.report.csv},
         {QStringLiteral("anchor"), closed->report.anchorSeq},
         {QStringLiteral("endpoints"), closed->endpoints},
         {QStringLiteral("destructionRecord"), closed->destructionRecord},
         {QStringLiteral("destroyed"), QJsonArray::fromStringList(closed->destroyed)}});
}

/// A shared registry: every station's chain (registry_audit.hpp).
int verifyRegistryChains(const Context& context, Store& store) {
    auto chains = app::verifyStationChains(store);
    if (!chains)
        return failWith(context, chains.error());
    QJsonArray list;
    qint64 rows = 0;
    for (const app::ChainVerification& chain : *chains) {
        if (!chain.intact)
            return failWith(context,
                            {app::BadInput, QStringLiteral("audit chain of station %1 broken at "
                                                           "row %2: %3")
                                                .arg(chain.station)
                                                .arg(chain.firstBroken)
                                                .arg(chain.reason)});
        rows += chain.rows;
        list.append(QJsonObject{{QStringLiteral("station"), chain.station},
                                {QStringLiteral("rows"), chain.rows},
                                {QStringLiteral("head"), chain.headHash}});
    }
    return succeed(
        context,
        QStringLiteral("Audit chains intact: %1 stations, %2 rows").arg(chains->size()).arg(rows),
        {{QStringLiteral("rows"), rows}, {QStringLiteral("chains"), list}});
}

int runAudit(const Context& context) {
    QCommandLineParser parser;
    if (!parseArguments(parser, context, 1, QStringLiteral("audit verify")) ||
        parser.positionalArguments().first() != QLatin1String("verify"))
        return app::Usage;
    auto session = openAndLogIn(context);
    if (!session)
        return failWith(context, session.error());
    auto& station = session->station;
    if (auto permitted =
            station->require(session->principal, Action::VerifyAudit, QStringLiteral("audit"));
        !permitted)
        return failWith(context, app::fromError(permitted.error()));
    if (station->store().shared())
        return verifyRegistryChains(context, station->store());
    auto verification =
        app::verifyAuditChain(station->store(), station->vault().identity().signing);
    if (!verification)
        return failWith(context, verification.error());
    if (!verification->intact)
        return failWith(context, {app::BadInput, QStringLiteral("audit chain broken at row %1: %2")
                                                     .arg(verification->firstBroken)
                                                     .arg(verification->reason)});
    return succeed(context,
                   QStringLiteral("Audit chain intact: %1 rows, %2 signed checkpoints (the last "
                                  "at row %3; %4 rows after it are chained but not yet signed), "
                                  "head %5")
                       .arg(verification->rows)
                       .arg(verification->checkpoints)
                       .arg(verification->lastCheckpoint)
                       .arg(verification->unsealedRows())
                       .arg(verification->headHash),
                   {{QStringLiteral("rows"), verification->rows},
                    {QStringLiteral("checkpoints"), verification->checkpoints},
                    {QStringLiteral("lastCheckpoint"), verification->lastCheckpoint},
                    {QStringLiteral("head"), verification->headHash}});
}

} // namespace kps::cli
