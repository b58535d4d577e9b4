// kps endpoint ADDRESS: every row an address has had, and the KCVs of replaced keys.
#include "cli_context.hpp"

#include <QJsonArray>

namespace kps::cli {

using namespace provisioning;

namespace {

QJsonObject rowJson(const EndpointRow& row) {
    QJsonObject kcvs;
    for (const SecretRow& secret : row.secrets)
        if (!secret.kcv.isEmpty())
            kcvs.insert(QString::number(secret.id), secret.kcv);
    return {
        {QStringLiteral("order"), row.orderId},
        {QStringLiteral("purpose"), row.rekey ? QStringLiteral("rekey") : QStringLiteral("new")},
        {QStringLiteral("state"), endpointStateName(row.state)},
        {QStringLiteral("reason"), row.reason},
        {QStringLiteral("uniqueId"), row.uniqueId},
        {QStringLiteral("attempts"), row.attempts},
        {QStringLiteral("kcv"), kcvs}};
}

QJsonObject historyJson(const KeyHistoryRow& row) {
    return {
        {QStringLiteral("replacedBy"), row.orderId}, {QStringLiteral("from"), row.previousOrderId},
        {QStringLiteral("id"), row.secretId},        {QStringLiteral("role"), row.role},
        {QStringLiteral("version"), row.version},    {QStringLiteral("kcv"), row.kcv}};
}

} // namespace

int runEndpoint(const Context& context) {
    QCommandLineParser parser;
    if (!parseArguments(parser, context, 1, QStringLiteral("endpoint ADDRESS")))
        return app::Usage;
    const auto address = EndpointAddress::parse(parser.positionalArguments().first());
    if (!address)
        return failWith(context, {app::BadInput, QStringLiteral("%1: not an address like "
                                                                "KLK-12345678-01-07")
                                                     .arg(parser.positionalArguments().first())});
    auto session = openAndLogIn(context);
    if (!session)
        return failWith(context, session.error());
    auto& station = *session->station;
    if (auto permitted = station.require(session->principal, Action::ViewOrders, address->text());
        !permitted)
        return failWith(context, app::fromError(permitted.error()));
    auto rows = station.store().endpointHistory(address->text());
    auto history = station.store().keyHistory(address->text());
    if (!rows || !history)
        return failWith(context, app::fromError(rows ? history.error() : rows.error()));
    QJsonArray rowList, historyList;
    QStringList lines;
    for (const EndpointRow& row : *rows) {
        rowList.append(rowJson(row));
        lines << QStringLiteral("  %1 %2 %3")
                     .arg(row.orderId, endpointStateName(row.state), row.reason);
    }
    for (const KeyHistoryRow& row : *history)
        historyList.append(historyJson(row));
    return succeed(context,
                   QStringLiteral("%1: %2 rows, %3 replaced keys\n%4")
                       .arg(address->text())
                       .arg(rows->size())
                       .arg(history->size())
                       .arg(lines.join(QLatin1Char('\n'))),
                   {{QStringLiteral("address"), address->text()},
                    {QStringLiteral("rows"), rowList},
                    {QStringLiteral("keyHistory"), historyList}});
}

} // namespace kps::cli
