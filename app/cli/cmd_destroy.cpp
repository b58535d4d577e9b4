// kps destroy ORDER: two key custodians destroy a customer order's keys in the HSM;
// the signed destruction record goes to DIR/exports/ORDER/.
#include "cli_context.hpp"
#include "kps/app/custody.hpp"

#include <QJsonArray>

namespace kps::cli {

int runDestroy(const Context& context) {
    QCommandLineParser parser;
    if (!parseArguments(parser, context, 1, QStringLiteral("destroy ORDER")))
        return app::Usage;
    auto opened = openWithCustodians(context);
    if (!opened)
        return failWith(context, opened.error());
    auto files = app::destroyCustomerKeys(*opened->station, opened->custodians,
                                          parser.positionalArguments().first());
    if (!files)
        return failWith(context, files.error());
    QStringList labels;
    for (const auto& object : files->destruction.objects)
        labels << object.label;
    return succeed(context,
                   QStringLiteral("%1 objects destroyed and the token searched: none left.\n"
                                  "Destruction record: %2 (+ .sig)")
                       .arg(labels.size())
                       .arg(files->record),
                   {{QStringLiteral("order"), files->destruction.orderId},
                    {QStringLiteral("record"), files->record},
                    {QStringLiteral("sha256"), files->sha256},
                    {QStringLiteral("destroyed"), QJsonArray::fromStringList(labels)}});
}

} // namespace kps::cli
