// kps masters import FILE: a customer's masters, two key custodians.
#include "commands.hpp"
#include "kps/app/operations/custody.hpp"
#include "session.hpp"

#include <QJsonArray>

namespace kps::cli {
namespace {

const Operand kFile{"FILE", Operand::Kind::Text};

int importMasters(const Invocation& call) {
    const Context& context = call.context();
    const QString file = call.operand(0);
    auto opened = openWithCustodians(context, [&](provisioning::Station& station) {
        return station.custody().checkMastersFile(file); // before anyone logs in
    });
    if (!opened)
        return failWith(context, opened.error());
    auto imported = app::importMasters(*opened->station, opened->custodians, file);
    if (!imported)
        return failWith(context, imported.error());
    QStringList lines;
    for (qsizetype i = 0; i < imported->labels.size(); ++i)
        lines << QStringLiteral("  %1  KCV %2").arg(imported->labels[i], imported->kcvs[i]);
    return succeed(
        context,
        QStringLiteral("Order %1: %2 masters imported into the HSM (non-extractable)\n%3")
            .arg(imported->orderId)
            .arg(imported->items)
            .arg(lines.join(QLatin1Char('\n'))),
        {{QStringLiteral("order"), imported->orderId},
         {QStringLiteral("sha256"), imported->fileSha256},
         {QStringLiteral("labels"), QJsonArray::fromStringList(imported->labels)},
         {QStringLiteral("kcvs"), QJsonArray::fromStringList(imported->kcvs)}});
}

} // namespace

CommandSpec mastersCommand() {
    return {"masters",
            "Import a customer's masters (two key custodians)",
            {{"import",
              {kFile},
              {},
              {},
              "a kps-listing/1 of purpose masters, checked in full before anyone logs in",
              importMasters}}};
}

} // namespace kps::cli
