// kps endpoint ADDRESS: every row an address has had, and the KCVs of replaced keys.
#include "commands.hpp"
#include "kps/app/operations/orders.hpp"
#include "session.hpp"

#include <QJsonArray>

namespace kps::cli {

using namespace provisioning;

namespace {

const Operand kAddress{"ADDRESS", Operand::Kind::Address};

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
    return {{QStringLiteral("replacedBy"), row.orderId},
            {QStringLiteral("from"), row.previousOrderId},
            {QStringLiteral("id"), row.secretId},
            {QStringLiteral("role"), secretRoleName(row.role)},
            {QStringLiteral("version"), row.version},
            {QStringLiteral("kcv"), row.kcv}};
}

int runEndpoint(const Invocation& call) {
    const Context& context = call.context();
    auto session = openAndLogIn(context);
    if (!session)
        return failWith(context, session.error());
    const EndpointAddress& address = call.address();
    auto history = app::endpointHistory(*session->station, session->principal, address);
    if (!history)
        return failWith(context, history.error());
    QJsonArray rowList, historyList;
    QStringList lines;
    for (const EndpointRow& row : history->rows) {
        rowList.append(rowJson(row));
        lines << QStringLiteral("  %1 %2 %3")
                     .arg(row.orderId, endpointStateName(row.state), row.reason);
    }
    for (const KeyHistoryRow& row : history->replacedKeys)
        historyList.append(historyJson(row));
    return succeed(context,
                   QStringLiteral("%1: %2 rows, %3 replaced keys\n%4")
                       .arg(address.text())
                       .arg(history->rows.size())
                       .arg(history->replacedKeys.size())
                       .arg(lines.join(QLatin1Char('\n'))),
                   {{QStringLiteral("address"), address.text()},
                    {QStringLiteral("rows"), rowList},
                    {QStringLiteral("keyHistory"), historyList}});
}

} // namespace

CommandSpec endpointCommand() {
    return {"endpoint",
            "Every row an address has had, and the check values of replaced keys",
            {{"", {kAddress}, {}, {}, "", runEndpoint}}};
}

} // namespace kps::cli
