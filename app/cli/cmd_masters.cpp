// kps masters import FILE: a customer's masters, two key custodians.
#include "cli_context.hpp"
#include "kps/app/custody.hpp"

#include <QJsonArray>

namespace kps::cli {

int runMasters(const Context& context) {
    QCommandLineParser parser;
    if (!parseArguments(parser, context, 2, QStringLiteral("masters import FILE")) ||
        parser.positionalArguments().first() != QLatin1String("import"))
        return usage(context, QStringLiteral("usage: kps masters import FILE"));
    auto opened = openWithCustodians(context, [&](provisioning::Station& station) {
        return station.checkMastersFile(
            parser.positionalArguments().at(1)); // before anyone logs in
    });
    if (!opened)
        return failWith(context, opened.error());
    auto imported = app::importMasters(*opened->station, opened->custodians,
                                       parser.positionalArguments().at(1));
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

} // namespace kps::cli
