#include "kps/app/commands/ceremony_command.hpp"

namespace kps::app {

using namespace provisioning;

namespace {

Action actionOf(CeremonyKind kind) {
    switch (kind) {
    case CeremonyKind::ImportMasters:
        return Action::ImportMasters;
    case CeremonyKind::ImportKeyList:
        return Action::ImportKeyList;
    case CeremonyKind::DestroyKeys:
        break;
    }
    return Action::DestroyKeys;
}

CommandResult<CustodyResult> perform(KeyCustody& custody, Station& station,
                                     const CeremonyRequest& request, CommandWorker& worker) {
    const CustodianPair& pair = request.custodians;
    switch (request.kind) {
    case CeremonyKind::ImportMasters:
        return custody.importMasters(station, pair, request.target);
    case CeremonyKind::ImportKeyList:
        return custody.importKeyList(
            station, pair, request.target,
            [&worker](qint64 done, qint64 total) {
                worker.progress(done, total, CeremonyCommand::tr("endpoints"));
            },
            worker.cancelled());
    case CeremonyKind::DestroyKeys:
        break;
    }
    return custody.destroyKeys(station, pair, request.target);
}

QString overviewOf(CeremonyKind kind, const CustodyResult& result) {
    switch (kind) {
    case CeremonyKind::ImportMasters:
        return CeremonyCommand::tr("%n master(s) imported for order %1", nullptr, int(result.items))
            .arg(result.orderId);
    case CeremonyKind::ImportKeyList:
        return CeremonyCommand::tr("Keys of %n endpoint(s) imported for order %1", nullptr,
                                   int(result.items))
            .arg(result.orderId);
    case CeremonyKind::DestroyKeys:
        break;
    }
    return CeremonyCommand::tr("%n key(s) of order %1 destroyed; the token holds none of them",
                               nullptr, int(result.items))
        .arg(result.orderId);
}

CommandReport ceremony(KeyCustody& custody, Station& station, const CeremonyRequest& request,
                       CommandWorker& worker) {
    const CeremonyKind kind = request.kind;
    const QString failed = kind == CeremonyKind::DestroyKeys
                               ? CeremonyCommand::tr("The keys were not destroyed")
                               : CeremonyCommand::tr("Nothing was imported");
    const auto& cancelled = worker.cancelled();
    if (auto dual = checkDualControl(station, request.custodians, actionOf(kind), request.target);
        !dual)
        return CommandReport::failure(dual.error(), failed);
    if (cancelled)
        return CommandReport::cancelled(CeremonyCommand::tr("Cancelled: nothing changed"));
    auto done = perform(custody, station, request, worker);
    if (!done)
        return cancelled
                   ? CommandReport::cancelled(CeremonyCommand::tr("Cancelled: nothing changed"))
                   : CommandReport::failure(done.error(), failed);
    QStringList lines;
    for (const CheckValue& key : done->keys)
        lines << CeremonyCommand::tr("%1  KCV %2").arg(key.name, key.kcv);
    lines << done->record;
    const QString overview = overviewOf(kind, *done);
    worker.keep(std::move(*done));
    return CommandReport::success(overview, lines.join(QLatin1Char('\n')));
}

} // namespace

CeremonyCommand::CeremonyCommand(StationHost& host, std::shared_ptr<KeyCustody> custody,
                                 CeremonyRequest request, QObject* parent)
    : Command(
          host,
          [custody = std::move(custody), request = std::move(request)](Station& station,
                                                                       CommandWorker& worker) {
              return ceremony(*custody, station, request, worker);
          },
          parent) {}

} // namespace kps::app
