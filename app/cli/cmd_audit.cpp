// kps audit verify: the station's chain and its signed checkpoints, or every chain of a
// shared registry, through the same operation as the auditor's view.
#include "commands.hpp"
#include "kps/app/operations/audit.hpp"
#include "session.hpp"

#include <QJsonArray>

namespace kps::cli {

using namespace provisioning;

namespace {

QString summaryOf(const AuditVerification& verification) {
    if (verification.sharedRegistry)
        return QStringLiteral("Audit chains intact: %1 stations, %2 rows")
            .arg(verification.chains.size())
            .arg(verification.rows());
    const ChainVerification& chain = verification.chains.front();
    return QStringLiteral("Audit chain intact: %1 rows, %2 signed checkpoints (the last at row "
                          "%3; %4 rows after it are chained but not yet signed), head %5")
        .arg(chain.rows)
        .arg(chain.checkpoints)
        .arg(chain.lastCheckpoint)
        .arg(chain.unsealedRows())
        .arg(chain.headHash);
}

QJsonObject factsOf(const AuditVerification& verification) {
    if (!verification.sharedRegistry) {
        const ChainVerification& chain = verification.chains.front();
        return {{QStringLiteral("rows"), chain.rows},
                {QStringLiteral("checkpoints"), chain.checkpoints},
                {QStringLiteral("lastCheckpoint"), chain.lastCheckpoint},
                {QStringLiteral("head"), chain.headHash}};
    }
    QJsonArray chains;
    for (const ChainVerification& chain : verification.chains)
        chains.append(QJsonObject{{QStringLiteral("station"), chain.station},
                                  {QStringLiteral("rows"), chain.rows},
                                  {QStringLiteral("head"), chain.headHash}});
    return {{QStringLiteral("rows"), verification.rows()}, {QStringLiteral("chains"), chains}};
}

int runVerify(const Invocation& call) {
    const Context& context = call.context();
    auto session = openAndLogIn(context);
    if (!session)
        return failWith(context, session.error());
    auto verification = app::verifyAudit(*session->station, session->principal);
    if (!verification)
        return failWith(context, verification.error());
    if (auto broken = app::brokenChain(*verification))
        return failWith(context, *broken);
    return succeed(context, summaryOf(*verification), factsOf(*verification));
}

} // namespace

CommandSpec auditCommand() {
    return {"audit",
            "Check the audit chain and its signed checkpoints",
            {{"verify",
              {},
              {},
              {},
              "every row's hash and link, every checkpoint's signature; a shared registry's "
              "chains each",
              runVerify}},
            false,
            "A broken chain ends with exit code 2, naming its first broken row."};
}

} // namespace kps::cli
