// kps order add | start | hold | show.
#include "cli_context.hpp"

#include <QJsonArray>

namespace kps::cli {

using namespace provisioning;

namespace {

QJsonObject orderFacts(const OrderRecord& record) {
    return {{QStringLiteral("order"), record.order.id},
            {QStringLiteral("state"), orderStateName(record.state)},
            {QStringLiteral("keySource"), keySourceName(record.order.keySource)},
            {QStringLiteral("rekeying"), record.order.rekeying()},
            {QStringLiteral("quantity"), record.order.quantity},
            {QStringLiteral("verified"), qint64(record.verified)},
            {QStringLiteral("failed"), qint64(record.failed)}};
}

int addOrder(const Context& context, LoggedIn& session, const QString& file) {
    auto record = session.station->addOrder(session.principal, file);
    if (!record)
        return failWith(context, app::fromError(record.error()));
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

int changeState(const Context& context, LoggedIn& session, const QString& orderId, OrderState to) {
    auto record = session.station->changeOrderState(session.principal, orderId, to);
    if (!record)
        return failWith(context, app::fromError(record.error()));
    return succeed(context,
                   QStringLiteral("Order %1 is %2").arg(orderId, orderStateName(record->state)),
                   orderFacts(*record));
}

int showOrder(const Context& context, LoggedIn& session, const QString& orderId) {
    auto& station = *session.station;
    if (auto permitted = station.require(session.principal, Action::ViewOrders, orderId);
        !permitted)
        return failWith(context, app::fromError(permitted.error()));
    auto record = station.order(orderId);
    auto busy = station.store().inProgress(orderId);
    auto reasons = station.store().failureReasons(orderId);
    if (!record || !busy || !reasons)
        return failWith(context, app::fromError(!record ? record.error()
                                                : !busy ? busy.error()
                                                        : reasons.error()));
    QJsonObject facts = orderFacts(*record);
    facts.insert(QStringLiteral("inProgress"), *busy);
    QJsonObject failures;
    for (const auto& [reason, count] : *reasons)
        failures.insert(reason, count);
    facts.insert(QStringLiteral("failures"), failures);
    return succeed(context,
                   QStringLiteral("%1: %2, %3 of %4 verified, %5 failed, %6 in progress")
                       .arg(orderId, orderStateName(record->state))
                       .arg(record->verified)
                       .arg(record->order.quantity)
                       .arg(record->failed)
                       .arg(*busy),
                   facts);
}

} // namespace

int runOrder(const Context& context) {
    QCommandLineParser parser;
    const QString synopsis = QStringLiteral("order add ORDER.json | order start|hold|show ORDER");
    if (!parseArguments(parser, context, 2, synopsis))
        return app::Usage;
    const QString verb = parser.positionalArguments().first();
    const QString argument = parser.positionalArguments().at(1);
    if (!QStringList{QStringLiteral("add"), QStringLiteral("start"), QStringLiteral("hold"),
                     QStringLiteral("show")}
             .contains(verb))
        return usage(context, QStringLiteral("usage: kps ") + synopsis);
    auto session =
        verb == QLatin1String("add")
            ? openCheckAndLogIn(context,
                                [&](Station& station) { return station.checkOrderFile(argument); })
            : openAndLogIn(context);
    if (!session)
        return failWith(context, session.error());
    if (verb == QLatin1String("add"))
        return addOrder(context, *session, argument);
    if (verb == QLatin1String("show"))
        return showOrder(context, *session, argument);
    return changeState(context, *session, argument,
                       verb == QLatin1String("start") ? OrderState::Running : OrderState::Open);
}

} // namespace kps::cli
