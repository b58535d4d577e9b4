// kps: the station's command line (docs/operators.md; exit codes: docs/formats.md).
#include "cli_context.hpp"
#include "kps/secure/process_hardening.hpp"

#include <QApplication>
#include <QCoreApplication>
#include <QMap>
#include <QProcessEnvironment>
#include <memory>

using namespace kps::cli;

namespace {

const QMap<QString, CommandFunction>& commands() {
    static const QMap<QString, CommandFunction> table = {
        {QStringLiteral("init"), runInit},         {QStringLiteral("order"), runOrder},
        {QStringLiteral("run"), runRun},           {QStringLiteral("close"), runClose},
        {QStringLiteral("report"), runReport},     {QStringLiteral("audit"), runAudit},
        {QStringLiteral("listing"), runListing},   {QStringLiteral("demo"), runDemo},
        {QStringLiteral("user"), runUser},         {QStringLiteral("masters"), runMasters},
        {QStringLiteral("keylist"), runKeyList},   {QStringLiteral("destroy"), runDestroy},
        {QStringLiteral("evalkit"), runEvalKit},   {QStringLiteral("probes"), runProbes},
        {QStringLiteral("endpoint"), runEndpoint},
    };
    return table;
}

/// Commands that draw a report (Qt Charts into a PDF) need a QApplication; the CLI
/// never shows a window, so it draws offscreen unless told otherwise.
bool drawsReports(const QString& command) {
    return command == QLatin1String("close") || command == QLatin1String("report") ||
           command == QLatin1String("demo");
}

std::unique_ptr<QCoreApplication> makeApplication(int& argc, char* argv[]) {
    bool gui = false;
    for (int i = 1; i < argc; ++i)
        gui = gui || drawsReports(QString::fromLocal8Bit(argv[i]));
    if (!gui)
        return std::make_unique<QCoreApplication>(argc, argv);
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    return std::make_unique<QApplication>(argc, argv);
}

const char* kUsage =
    "usage: kps [--data DIR] [--json] COMMAND ...\n"
    "commands: init | order add ORDER.json | order start|hold|show ORDER | close ORDER\n"
    "          run ORDER [--sim | --probes SERIAL,...] [--slots N] [--count N] [--fault-rate R]\n"
    "          endpoint ADDRESS | probes\n"
    "          report ORDER | report verify FILE --sender CERT | audit verify\n"
    "          listing open|verify FILE --sender CERT [--key KEY.pem] | listing seal ...\n"
    "          demo [--out DIR] [--count N] [--target stm32wle5|reference]\n"
    "          user add NAME --role ROLE | user list\n"
    "          masters import FILE | keylist import FILE | destroy ORDER | evalkit --to CERT\n"
    "DIR defaults to $KPS_DATA, else ./kps-data. Log in with $KPS_LOGIN (user or badge) and\n"
    "$KPS_LOGIN_PIN or $KPS_LOGIN_PIN_FILE; the HSM user PIN comes from $KPS_USER_PIN(_FILE)\n"
    "or the station's PIN file. Dual control (masters, keylist, destroy, evalkit): the second\n"
    "key custodian logs in with $KPS_LOGIN2 and $KPS_LOGIN2_PIN or $KPS_LOGIN2_PIN_FILE.";

} // namespace

int main(int argc, char* argv[]) {
    kps::secure::hardenProcess();
    auto application = makeApplication(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("kps"));
    Context context;
    context.dataDirectory = qEnvironmentVariable("KPS_DATA", QStringLiteral("kps-data"));
    QStringList rest = application->arguments().mid(1);
    while (!rest.isEmpty() && rest.first().startsWith(QLatin1String("--"))) {
        const QString option = rest.takeFirst();
        if (option == QLatin1String("--json"))
            context.json = true;
        else if (option == QLatin1String("--data") && !rest.isEmpty())
            context.dataDirectory = rest.takeFirst();
        else if (option.startsWith(QLatin1String("--data=")))
            context.dataDirectory = option.mid(7);
        else
            return usage(
                context,
                QStringLiteral("unknown option %1\n%2").arg(option, QString::fromLatin1(kUsage)));
    }
    if (rest.isEmpty() || !commands().contains(rest.first()))
        return usage(context, QString::fromLatin1(kUsage));
    context.command = rest.first();
    context.arguments = QStringList{QStringLiteral("kps ") + context.command} + rest.mid(1);
    return commands().value(context.command)(context);
}
