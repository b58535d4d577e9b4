// kps close, kps report, kps audit verify.
#include "cli_context.hpp"
#include "kps/app/audit_check.hpp"
#include "kps/app/order_close.hpp"
#include "kps/app/registry_audit.hpp"

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
        app::closeOrder(*station, session->principal, parser.positionalArguments().first());
    if (!closed)
        return failWith(context, closed.error());
    return succeed(
        context,
        QStringLiteral(
            "Order closed: %1 endpoints exported to %2; %3 order keys destroyed in the HSM")
            .arg(closed->endpoints)
            .arg(closed->files.directory)
            .arg(closed->destroyed.size()),
        {{QStringLiteral("exports"), closed->files.directory},
         {QStringLiteral("listing"), closed->files.listing},
         {QStringLiteral("dmBatch"), closed->files.dmBatch},
         {QStringLiteral("report"), closed->files.report},
         {QStringLiteral("endpoints"), closed->endpoints},
         {QStringLiteral("destructionRecord"), closed->destructionRecord},
         {QStringLiteral("destroyed"), QJsonArray::fromStringList(closed->destroyed)}});
}

int runReport(const Context& context) {
    QCommandLineParser parser;
    if (!parseArguments(parser, context, 1, QStringLiteral("report ORDER")))
        return app::Usage;
    auto session = openAndLogIn(context);
    if (!session)
        return failWith(context, session.error());
    auto& station = session->station;
    auto path =
        app::writeReport(*station, session->principal, parser.positionalArguments().first());
    if (!path)
        return failWith(context, path.error());
    return succeed(context, QStringLiteral("Report written: %1").arg(*path),
                   {{QStringLiteral("report"), *path}});
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
    auto verification = app::verifyAuditChain(station->store());
    if (!verification)
        return failWith(context, verification.error());
    if (!verification->intact)
        return failWith(context, {app::BadInput, QStringLiteral("audit chain broken at row %1: %2")
                                                     .arg(verification->firstBroken)
                                                     .arg(verification->reason)});
    return succeed(context,
                   QStringLiteral("Audit chain intact: %1 rows, head %2")
                       .arg(verification->rows)
                       .arg(verification->headHash),
                   {{QStringLiteral("rows"), verification->rows},
                    {QStringLiteral("head"), verification->headHash}});
}

} // namespace kps::cli
