#include "kps/app/commands/ceremony_command.hpp"

namespace kps::app {

using namespace provisioning;

CeremonyCommand::CeremonyCommand(StationHost& host, std::shared_ptr<KeyCustody> custody,
                                 CeremonyRequest request, QObject* parent)
    : Command(host, parent)
    , custody_(std::move(custody))
    , request_(std::move(request)) {}

CommandReport CeremonyCommand::work(Station& station, const std::atomic<bool>& cancelled) {
    const CeremonyKind kind = request_.kind;
    const QString failed = kind == CeremonyKind::DestroyKeys ? tr("The keys were not destroyed")
                                                             : tr("Nothing was imported");
    const Action action = kind == CeremonyKind::ImportMasters   ? Action::ImportMasters
                          : kind == CeremonyKind::ImportKeyList ? Action::ImportKeyList
                                                                : Action::DestroyKeys;
    if (auto dual = checkDualControl(station, request_.custodians, action, request_.target); !dual)
        return CommandReport::failure(dual.error(), failed);
    if (cancelled)
        return CommandReport::cancelled(tr("Cancelled: nothing changed"));
    auto done = perform(station, cancelled);
    if (!done)
        return cancelled ? CommandReport::cancelled(tr("Cancelled: nothing changed"))
                         : CommandReport::failure(done.error(), failed);
    made_ = *done;
    QStringList lines;
    for (const CheckValue& key : done->keys)
        lines << tr("%1  KCV %2").arg(key.name, key.kcv);
    lines << done->record;
    return CommandReport::success(overviewOf(kind, *done), lines.join(QLatin1Char('\n')));
}

CommandResult<CustodyResult> CeremonyCommand::perform(Station& station,
                                                      const std::atomic<bool>& cancelled) {
    const CustodianPair& pair = request_.custodians;
    switch (request_.kind) {
    case CeremonyKind::ImportMasters:
        return custody_->importMasters(station, pair, request_.target);
    case CeremonyKind::ImportKeyList:
        return custody_->importKeyList(
            station, pair, request_.target,
            [this](qint64 done, qint64 total) { postProgress(done, total, tr("endpoints")); },
            cancelled);
    case CeremonyKind::DestroyKeys:
        break;
    }
    return custody_->destroyKeys(station, pair, request_.target);
}

QString CeremonyCommand::overviewOf(CeremonyKind kind, const CustodyResult& result) {
    switch (kind) {
    case CeremonyKind::ImportMasters:
        return tr("%n master(s) imported for order %1", nullptr, int(result.items))
            .arg(result.orderId);
    case CeremonyKind::ImportKeyList:
        return tr("Keys of %n endpoint(s) imported for order %1", nullptr, int(result.items))
            .arg(result.orderId);
    case CeremonyKind::DestroyKeys:
        break;
    }
    return tr("%n key(s) of order %1 destroyed; the token holds none of them", nullptr,
              int(result.items))
        .arg(result.orderId);
}

} // namespace kps::app
