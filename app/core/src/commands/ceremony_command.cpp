#include "kps/app/commands/ceremony_command.hpp"

namespace kps::app {

using namespace provisioning;

CeremonyCommand::CeremonyCommand(StationHost& host, std::shared_ptr<KeyCustody> custody,
                                 CeremonyRequest request, QObject* parent)
    : Command(host, parent)
    , custody_(std::move(custody))
    , request_(std::move(request)) {}

CommandReport CeremonyCommand::work(Station& station, const std::atomic<bool>& cancelled) {
    const bool importing = request_.kind == CeremonyKind::ImportMasters;
    const QString failed = importing ? tr("The masters were not imported")
                                     : tr("The destruction was not confirmed");
    const Action action = importing ? Action::ImportMasters : Action::DestroyKeys;
    if (auto dual = checkDualControl(station, request_.custodians, action, request_.target);
        !dual)
        return CommandReport::failure(dual.error(), failed);
    if (cancelled)
        return CommandReport::cancelled(tr("Cancelled: nothing changed"));
    auto done = importing
                    ? custody_->importMasters(station, request_.custodians, request_.target)
                    : custody_->confirmDestruction(station, request_.custodians, request_.target);
    if (!done)
        return CommandReport::failure(done.error(), failed);
    made_ = *done;
    QStringList lines;
    for (const CheckValue& key : done->keys)
        lines << tr("%1  KCV %2").arg(key.name, key.kcv);
    const QString overview =
        importing ? tr("%n master(s) imported for order %1", nullptr, int(done->keys.size()))
                        .arg(done->orderId)
                  : tr("Destruction of %n key(s) of order %1 confirmed", nullptr,
                       int(done->keys.size()))
                        .arg(done->orderId);
    return CommandReport::success(overview, lines.join(QLatin1Char('\n')));
}

} // namespace kps::app
