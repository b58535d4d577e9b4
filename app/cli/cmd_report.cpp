// kps report ORDER (write the batch report) and kps report verify FILE --sender CERT
// (an auditor's check of one, without the station).
#include "cli_context.hpp"
#include "kps/app/order_close.hpp"
#include "kps/reports/report_verify.hpp"
#include "progress_printer.hpp"

#include <QJsonArray>

namespace kps::cli {
namespace {

const QString kSynopsis =
    QStringLiteral("report ORDER | report verify ORDER-report.json --sender CERT");

int writeReport(const Context& context, const QString& orderId) {
    auto session = openAndLogIn(context);
    if (!session)
        return failWith(context, session.error());
    auto written = app::writeReport(*session->station, session->principal, orderId,
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

int verifyReport(const Context& context, const QString& file, const QString& sender) {
    auto check = reports::verifyReport(file, sender);
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

int runReport(const Context& context) {
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("sender"),
                      QStringLiteral("The station's signing certificate (verify)."),
                      QStringLiteral("CERT")});
    if (!parser.parse(context.arguments))
        return usage(context, parser.errorText());
    const QStringList words = parser.positionalArguments();
    if (words.size() == 1 && !parser.isSet(QStringLiteral("sender")))
        return writeReport(context, words.first());
    if (words.size() == 2 && words.first() == QLatin1String("verify") &&
        parser.isSet(QStringLiteral("sender")))
        return verifyReport(context, words.at(1), parser.value(QStringLiteral("sender")));
    return usage(context, QStringLiteral("usage: kps [--data DIR] [--json] ") + kSynopsis);
}

} // namespace kps::cli
