// kps close: exports, key destruction, the close itself and the report.
#include "commands.hpp"
#include "kps/app/operations/close.hpp"
#include "progress_printer.hpp"
#include "session.hpp"

#include <QJsonArray>

namespace kps::cli {

using namespace provisioning;

namespace {

const Operand kOrder{"ORDER", Operand::Kind::OrderId};

int runClose(const Invocation& call) {
    const Context& context = call.context();
    auto session = openAndLogIn(context);
    if (!session)
        return failWith(context, session.error());
    auto closed = app::closeOrder(*session->station, session->principal, call.orderId(),
                                  terminalProgress(!context.json));
    if (!closed)
        return failWith(context, closed.error());
    if (closed->finishedEarlierClose)
        return succeed(context,
                       QStringLiteral("%1 was closed by an earlier kps close that did not finish; "
                                      "its report is written now, anchored to audit row %2")
                           .arg(call.orderId().text(), QString::number(closed->report.anchorSeq)),
                       {{QStringLiteral("exports"), closed->files.directory},
                        {QStringLiteral("report"), closed->files.report.json},
                        {QStringLiteral("anchor"), closed->report.anchorSeq},
                        {QStringLiteral("finishedEarlierClose"), true}});
    return succeed(
        context,
        QStringLiteral("Order closed: %1 endpoints exported to %2; %3 order keys destroyed in the "
                       "HSM; report anchored to audit row %4")
            .arg(closed->endpoints)
            .arg(closed->files.directory)
            .arg(closed->destroyed.size())
            .arg(closed->report.anchorSeq),
        {{QStringLiteral("exports"), closed->files.directory},
         {QStringLiteral("listing"), closed->files.listing},
         {QStringLiteral("dmBatch"), closed->files.dmBatch},
         {QStringLiteral("report"), closed->files.report.json},
         {QStringLiteral("reportPdf"), closed->files.report.pdf},
         {QStringLiteral("reportCsv"), closed->files.report.csv},
         {QStringLiteral("anchor"), closed->report.anchorSeq},
         {QStringLiteral("endpoints"), closed->endpoints},
         {QStringLiteral("destructionRecord"), closed->destructionRecord},
         {QStringLiteral("destroyed"), QJsonArray::fromStringList(closed->destroyed)}});
}

} // namespace

CommandSpec closeCommand() {
    return {"close",
            "Close an order: listing, DM batch, key destruction, report",
            {{"", {kOrder}, {}, {}, "", runClose}},
            true,
            "Exports into DIR/exports/ORDER/. Customer-masters and customer-list orders need\n"
            "kps destroy by two key custodians first; on a shared registry a supervisor holds\n"
            "the order first. Ctrl-C stops it with the order still open."};
}

} // namespace kps::cli
