// kps report ORDER (write the batch report) and kps report verify FILE --sender CERT
// (an auditor's check of one, without the station).
#include "commands.hpp"
#include "kps/app/operations/close.hpp"
#include "kps/reports/report_verify.hpp"
#include "progress_printer.hpp"
#include "session.hpp"

#include <QJsonArray>

namespace kps::cli {
namespace {

const Operand kOrder{"ORDER", Operand::Kind::OrderId};
const Operand kReport{"ORDER-report.json", Operand::Kind::Text};
const Option kSender =
    Option::text("sender", "CERT", "The station's signing certificate (verify).");

int writeReport(const Invocation& call) {
    const Context& context = call.context();
    auto session = openAndLogIn(context);
    if (!session)
        return failWith(context, session.error());
    auto written = app::writeReport(*session->station, session->principal, call.orderId(),
                                    terminalProgress(!context.json));
    if (!written)
        return failWith(context, written.error());
    return succeed(context,
                   QStringLiteral("%1report written (anchored to audit row %2):\n  %3\n  %4\n  %5")
                       .arg(written->interim ? QStringLiteral("Interim ") : QString())
                       .arg(written->anchorSeq)
                       .arg(written->files.pdf, written->files.json, written->files.csv),
                   {{QStringLiteral("report"), written->files.json},
                    {QStringLiteral("pdf"), written->files.pdf},
                    {QStringLiteral("csv"), written->files.csv},
                    {QStringLiteral("interim"), written->interim},
                    {QStringLiteral("anchor"), written->anchorSeq},
                    {QStringLiteral("endpoints"), written->endpoints}});
}

int verifyReport(const Invocation& call) {
    const Context& context = call.context();
    auto check = reports::verifyReport(call.operand(0), call.text(kSender));
    if (!check)
        return failWith(context, app::fromError(check.error()));
    return succeed(context,
                   QStringLiteral("Report of %1 verified%2: %3 files signed by the station, "
                                  "anchored to audit row %4 (%5)")
                       .arg(check->order, check->interim ? QStringLiteral(" (interim)") : QString())
                       .arg(check->files.size())
                       .arg(check->anchorSeq)
                       .arg(check->anchorHash),
                   {{QStringLiteral("order"), check->order},
                    {QStringLiteral("interim"), check->interim},
                    {QStringLiteral("anchor"), check->anchorSeq},
                    {QStringLiteral("files"), QJsonArray::fromStringList(check->files)}});
}

} // namespace

CommandSpec reportCommand() {
    return {"report",
            "Write an order's batch report, or verify one",
            {{"",
              {kOrder},
              {},
              {},
              "(re)write the report (PDF, JSON, CSV, each signed); an open order's is interim",
              writeReport},
             {"verify",
              {kReport},
              {&kSender},
              {&kSender},
              "an auditor's check of a report, without the station",
              verifyReport}},
            true};
}

} // namespace kps::cli
