// kps order add | start | hold | show.
#include "commands.hpp"
#include "kps/app/operations/orders.hpp"
#include "session.hpp"

#include <QJsonArray>

namespace kps::cli {

using namespace provisioning;

namespace {

const Operand kOrderFile{"ORDER.json", Operand::Kind::Text};
const Operand kOrder{"ORDER", Operand::Kind::OrderId};

QJsonObject orderFacts(const OrderRecord& record) {
    return {{QStringLiteral("order"), record.order.id},
            {QStringLiteral("state"), orderStateName(record.state)},
            {QStringLiteral("keySource"), keySourceName(record.order.keySource)},
            {QStringLiteral("rekeying"), record.order.rekeying()},
            {QStringLiteral("quantity"), record.order.quantity},
            {QStringLiteral("verified"), qint64(record.verified)},
            {QStringLiteral("failed"), qint64(record.failed)}};
}

int addOrder(const Invocation& call) {
    const Context& context = call.context();
    const QString file = call.operand(0);
    auto session =
        openAndLogIn(context, [&](Station& station) { return station.orders().checkFile(file); });
    if (!session)
        return failWith(context, session.error());
    auto record = app::addOrder(*session->station, session->principal, file);
    if (!record)
        return failWith(context, record.error());
    return succeed(context,
                   QStringLiteral("Order %1 registered (open): %2 endpoints, key source %3, %4 "
                                  "%5; KEK check values %6 / %7. A supervisor starts it with "
                                  "kps order start %1")
                       .arg(record->order.id)
                       .arg(record->order.quantity)
                       .arg(keySourceName(record->order.keySource),
                            record->order.rekeying() ? QStringLiteral("re-keying from")
                                                     : QStringLiteral("first address"),
                            record->order.first.text(), record->customerKek.kcv,
                            record->headendKek.kcv),
                   {{QStringLiteral("order"), record->order.id},
                    {QStringLiteral("quantity"), record->order.quantity},
                    {QStringLiteral("customerKekKcv"), record->customerKek.kcv},
                    {QStringLiteral("headendKekKcv"), record->headendKek.kcv}});
}

int changeState(const Invocation& call, OrderState to) {
    const Context& context = call.context();
    auto session = openAndLogIn(context);
    if (!session)
        return failWith(context, session.error());
    auto record = app::changeOrderState(*session->station, session->principal, call.orderId(), to);
    if (!record)
        return failWith(context, record.error());
    return succeed(
        context,
        QStringLiteral("Order %1 is %2").arg(call.orderId().text(), orderStateName(record->state)),
        orderFacts(*record));
}

int showOrder(const Invocation& call) {
    const Context& context = call.context();
    auto session = openAndLogIn(context);
    if (!session)
        return failWith(context, session.error());
    auto status = app::showOrder(*session->station, session->principal, call.orderId());
    if (!status)
        return failWith(context, status.error());
    const OrderRecord& record = status->record;
    QJsonObject facts = orderFacts(record);
    facts.insert(QStringLiteral("inProgress"), status->inProgress);
    QJsonObject failures;
    for (const auto& [reason, count] : status->failures)
        failures.insert(reason, count);
    facts.insert(QStringLiteral("failures"), failures);
    return succeed(context,
                   QStringLiteral("%1: %2, %3 of %4 verified, %5 failed, %6 in progress")
                       .arg(record.order.id, orderStateName(record.state))
                       .arg(record.verified)
                       .arg(record.order.quantity)
                       .arg(record.failed)
                       .arg(status->inProgress),
                   facts);
}

} // namespace

CommandSpec orderCommand() {
    return {"order",
            "Register, start, hold and show production orders",
            {{"add",
              {kOrderFile},
              {},
              {},
              "register an order file (kps-order/1); it is open",
              addOrder},
             {"start",
              {kOrder},
              {},
              {},
              "supervisors: open -> running (operators may run it)",
              [](const Invocation& call) {
                  return changeState(call, OrderState::Running);
              }},
             {"hold",
              {kOrder},
              {},
              {},
              "supervisors: running -> open (no one runs it)",
              [](const Invocation& call) {
                  return changeState(call, OrderState::Open);
              }},
             {"show",
              {kOrder},
              {},
              {},
              "state, counters, endpoints in progress, failures",
              showOrder}}};
}

} // namespace kps::cli
