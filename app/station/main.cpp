// kps-station: the operator GUI. Everything it does goes through the command objects
// of app/core, on worker threads; the event loop never waits for the HSM or a jig.
//   kps-station [--data DIR] [--sim | --probes SERIAL,...] [--slots N] [--fault-rate R]
//               [--seed S] [--lang fr|en]
#include "kps/app/environment.hpp"
#include "kps/secure/process_hardening.hpp"
#include "ui/main_window.hpp"
#include "ui/translations.hpp"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

namespace {

struct Options {
    QString data;
    QString language;
    kps::station::LineSettings line;
};

void declareOptions(QCommandLineParser& parser) {
    parser.setApplicationDescription(QStringLiteral("Key-provisioning station (operator GUI)"));
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("data"), QStringLiteral("Station data directory ($KPS_DATA, ./kps-data)."),
         QStringLiteral("DIR")},
        {QStringLiteral("sim"), QStringLiteral("Run the simulated line (training).")},
        {QStringLiteral("probes"),
         QStringLiteral("CMSIS-DAP probe serials, one slot each (see kps probes)."),
         QStringLiteral("SERIAL,...")},
        {QStringLiteral("slots"), QStringLiteral("Jigs in parallel (1-64)."), QStringLiteral("N"),
         QStringLiteral("4")},
        {QStringLiteral("fault-rate"), QStringLiteral("Simulated jig faults (0..1)."),
         QStringLiteral("R"), QStringLiteral("0")},
        {QStringLiteral("seed"), QStringLiteral("Simulated line seed (0: from the clock)."),
         QStringLiteral("S"), QStringLiteral("0")},
        {QStringLiteral("lang"), QStringLiteral("Language: en or fr (default: the system's)."),
         QStringLiteral("LANG")},
    });
}

std::optional<Options> parse(QApplication& application) {
    QCommandLineParser parser;
    declareOptions(parser);
    parser.process(application);
    Options options;
    options.data = parser.value(QStringLiteral("data"));
    if (options.data.isEmpty())
        options.data = kps::app::dataDirectoryFromEnvironment();
    options.language = parser.value(QStringLiteral("lang"));
    options.line.simulated = parser.isSet(QStringLiteral("sim"));
    options.line.probes = parser.value(QStringLiteral("probes")).split(u',', Qt::SkipEmptyParts);
    options.line.slotCount = options.line.probes.isEmpty()
                                 ? parser.value(QStringLiteral("slots")).toInt()
                                 : int(options.line.probes.size());
    if (options.line.simulated && !options.line.probes.isEmpty()) {
        qWarning("kps-station: use either --sim or --probes");
        return std::nullopt;
    }
    options.line.faultRate = parser.value(QStringLiteral("fault-rate")).toDouble();
    options.line.seed = parser.value(QStringLiteral("seed")).toULongLong();
    options.line.crashAt = kps::app::simulatedCrashPoint();
    options.line.flashMs = kps::app::simulatedFlashMs();
    if (options.line.slotCount < 1 || options.line.slotCount > 64 || options.line.faultRate < 0 ||
        options.line.faultRate > 1) {
        qWarning("kps-station: --slots takes 1 to 64 and --fault-rate 0 to 1");
        return std::nullopt;
    }
    return options;
}

} // namespace

int main(int argc, char* argv[]) {
    kps::secure::hardenProcess();
    QApplication application(argc, argv);
    QApplication::setApplicationName(QStringLiteral("kps-station"));
    auto options = parse(application);
    if (!options)
        return kps::app::Usage;
    kps::station::installTranslations(application, options->language);
    auto station = kps::app::openStation(options->data);
    if (!station) {
        qCritical("kps-station: %s", qPrintable(station.error().message));
        QMessageBox::critical(nullptr, QObject::tr("kps station"),
                              QObject::tr("The station cannot start (HSM missing?):\n%1")
                                  .arg(station.error().message));
        return station.error().code;
    }
    kps::app::StationHost host(**station);
    kps::station::MainWindow window(host, {options->line, {}});
    window.show();
    return application.exec();
}
