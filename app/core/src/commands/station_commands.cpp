#include "kps/app/commands/station_commands.hpp"

#include "kps/app/commands/words.hpp"
#include "kps/app/operations/audit.hpp"

#include <QCoreApplication>

namespace kps::app {

using namespace provisioning;

namespace {

/// An order id from a view, checked as the command line checks one.
CommandResult<OrderId> orderIdOf(const QString& text) {
    KPS_TRY_LET_MAP(id, OrderId::parse(text), fromError);
    return id;
}

/// Each chain's head (a station alone has one).
QString headsOf(const AuditVerification& verification) {
    QStringList lines;
    for (const ChainVerification& chain : verification.chains)
        lines << (verification.sharedRegistry
                      ? QCoreApplication::translate("kps::app::VerifyAuditCommand",
                                                    "Station %1: %2 rows, head %3")
                            .arg(chain.station)
                            .arg(chain.rows)
                            .arg(chain.headHash)
                      : QCoreApplication::translate("kps::app::VerifyAuditCommand", "Head: %1")
                            .arg(chain.headHash));
    return lines.join(QLatin1Char('\n'));
}

} // namespace

LoadStationCommand::LoadStationCommand(StationHost& host, Principal by, QObject* parent)
    : Command(
          host,
          [by](Station& station, CommandWorker& worker) {
              auto loaded = loadStation(station, by);
              if (!loaded)
                  return CommandReport::failure(loaded.error(),
                                                tr("Cannot read the station's orders"));
              const auto orders = int(loaded->orders.size());
              const auto alarms = loaded->openAlarms.size();
              worker.keep(std::move(*loaded));
              return CommandReport::success(
                  tr("%n order(s), %1 open alarm(s)", nullptr, orders).arg(alarms));
          },
          parent) {}

AddOrderCommand::AddOrderCommand(StationHost& host, Principal by, QString orderFile,
                                 QObject* parent)
    : Command(
          host,
          [by, orderFile](Station& station, CommandWorker& worker) {
              auto record = addOrder(station, by, orderFile);
              if (!record)
                  return CommandReport::failure(record.error(), tr("The order was not registered"));
              const OrderRecord& added = *record;
              auto report =
                  CommandReport::success(tr("Order %1 registered: %2 endpoints, %3")
                                             .arg(added.order.id)
                                             .arg(added.order.quantity)
                                             .arg(keySourceTitle(added.order.keySource)),
                                         tr("KEK check values: customer %1, head-end %2")
                                             .arg(added.customerKek.kcv, added.headendKek.kcv));
              worker.keep(std::move(*record));
              return report;
          },
          parent) {}

ChangeOrderStateCommand::ChangeOrderStateCommand(StationHost& host, Principal by, QString orderId,
                                                 OrderState to, QObject* parent)
    : Command(
          host,
          [by, orderId, to](Station& station, CommandWorker&) {
              const bool release = to == OrderState::Running;
              const QString failed = release ? tr("The order was not released to the line")
                                             : tr("The order was not held");
              auto id = orderIdOf(orderId);
              if (!id)
                  return CommandReport::failure(id.error(), failed);
              if (auto changed = changeOrderState(station, by, *id, to); !changed)
                  return CommandReport::failure(changed.error(), failed);
              return CommandReport::success(
                  release ? tr("Order %1 is on the line: operators may run it").arg(orderId)
                          : tr("Order %1 is held: no one runs it until it is "
                               "released again")
                                .arg(orderId));
          },
          parent) {}

CloseOrderCommand::CloseOrderCommand(StationHost& host, Principal by, QString orderId,
                                     QObject* parent)
    : Command(
          host,
          [by, orderId](Station& station, CommandWorker& worker) {
              const QString failed = tr("The order was not closed");
              auto id = orderIdOf(orderId);
              if (!id)
                  return CommandReport::failure(id.error(), failed);
              worker.progress(0, 0, tr("Exporting and destroying the order's keys"));
              Progress progress = worker.operationProgress();
              progress.cancel = nullptr; // an export and its key destruction run to the end
              auto closed = closeOrder(station, by, *id, progress);
              if (!closed)
                  return CommandReport::failure(closed.error(), failed);
              auto report =
                  closed->finishedEarlierClose
                      ? CommandReport::success(
                            tr("Order %1 was closed by an earlier close that did not finish; "
                               "its report is written now")
                                .arg(orderId))
                      : CommandReport::success(
                            tr("Order %1 closed: %2 endpoints exported to %3")
                                .arg(orderId)
                                .arg(closed->endpoints)
                                .arg(closed->files.directory),
                            tr("Destroyed in the HSM: %1")
                                .arg(closed->destroyed.join(QStringLiteral(", "))));
              worker.keep(std::move(*closed));
              return report;
          },
          parent) {}

VerifyAuditCommand::VerifyAuditCommand(StationHost& host, Principal by, QObject* parent)
    : Command(
          host,
          [by](Station& station, CommandWorker& worker) {
              worker.progress(0, 0, tr("Walking the audit chain"));
              auto checked = verifyAudit(station, by);
              if (!checked)
                  return CommandReport::failure(checked.error(),
                                                tr("The audit chain could not be checked"));
              const AuditVerification verification = *checked;
              worker.keep(std::move(*checked));
              if (const auto broken = verification.broken())
                  return CommandReport::failure(
                      *brokenChain(verification),
                      tr("The audit chain is BROKEN at row %1").arg(broken->firstBroken));
              const auto rows = int(verification.rows());
              return CommandReport::success(
                  verification.sharedRegistry
                      ? tr("The audit chains are intact: %n row(s) of %1 station(s)", nullptr, rows)
                            .arg(verification.chains.size())
                      : tr("The audit chain is intact: %n row(s)", nullptr, rows),
                  headsOf(verification));
          },
          parent) {}

ShowReportCommand::ShowReportCommand(StationHost& host, Principal by, QString orderId,
                                     QObject* parent)
    : Command(
          host,
          [by, orderId](Station& station, CommandWorker& worker) {
              const QString refused = tr("The report of order %1 is NOT verified").arg(orderId);
              auto id = orderIdOf(orderId);
              if (!id)
                  return CommandReport::failure(id.error(), refused);
              auto shown = showReport(station, by, *id);
              if (!shown)
                  return CommandReport::failure(shown.error(), refused);
              const bool written = shown->written;
              const auto files = shown->check.files.size();
              worker.keep(std::move(*shown));
              if (!written)
                  return CommandReport::success(tr("No report for order %1 yet").arg(orderId));
              return CommandReport::success(
                  tr("Report of order %1 verified: %n file(s) signed by the station", nullptr,
                     int(files))
                      .arg(orderId));
          },
          parent) {}

} // namespace kps::app
