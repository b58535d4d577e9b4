// kps destroy ORDER: two key custodians destroy a customer order's keys in the HSM;
// the signed destruction record goes to DIR/exports/ORDER/.
#include "commands.hpp"
#include "kps/app/operations/custody.hpp"
#include "session.hpp"

#include <QJsonArray>

namespace kps::cli {
namespace {

const Operand kOrder{"ORDER", Operand::Kind::OrderId};

int runDestroy(const Invocation& call) {
    const Context& context = call.context();
    auto opened = openWithCustodians(context);
    if (!opened)
        return failWith(context, opened.error());
    auto files = app::destroyCustomerKeys(*opened->station, opened->custodians, call.orderId());
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

} // namespace

CommandSpec destroyCommand() {
    return {"destroy",
            "Destroy a customer order's keys in the HSM (two key custodians)",
            {{"", {kOrder}, {}, {}, "", runDestroy}}};
}

} // namespace kps::cli
