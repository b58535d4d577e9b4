// kps demo: the main job on a laptop.
#include "cli_context.hpp"
#include "kps/app/demo.hpp"
#include "progress_printer.hpp"

#include <cstdio>

namespace kps::cli {

int runDemo(const Context& context) {
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("out"), QStringLiteral("Output folder."),
                      QStringLiteral("DIR"), QStringLiteral("kps-demo")});
    parser.addOption({QStringLiteral("count"), QStringLiteral("Endpoints."), QStringLiteral("N"),
                      QStringLiteral("1000")});
    parser.addOption({QStringLiteral("slots"), QStringLiteral("Jigs in parallel."),
                      QStringLiteral("N"), QStringLiteral("4")});
    parser.addOption({QStringLiteral("target"),
                      QStringLiteral("The endpoints: stm32wle5 (emulated MCUs: firmware, keys and "
                                     "lock; the default) or reference (the reference model)."),
                      QStringLiteral("TARGET"), QStringLiteral("stm32wle5")});
    if (!parseArguments(parser, context, 0,
                        QStringLiteral("demo [--out DIR] [--count N] [--slots N] "
                                       "[--target stm32wle5|reference]")))
        return app::Usage;
    const QString target = parser.value(QStringLiteral("target"));
    if (target != QLatin1String("reference") && target != QLatin1String("stm32wle5"))
        return usage(context, QStringLiteral("--target takes stm32wle5 or reference"));
    app::DemoOptions options;
    options.out = parser.value(QStringLiteral("out"));
    options.count = parser.value(QStringLiteral("count")).toInt();
    options.slots = parser.value(QStringLiteral("slots")).toInt();
    options.target = target == QLatin1String("reference") ? app::DemoTarget::Reference
                                                          : app::DemoTarget::Stm32wle5;
    if (options.count < 1 || options.count > 10'000'000 || options.slots < 1 || options.slots > 64)
        return usage(context, QStringLiteral("--count takes 1 to 10000000, --slots 1 to 64"));
    ProgressPrinter progress(options.count, !context.json);
    const auto say = [&](const QString& line) {
        if (!context.json)
            std::fprintf(stderr, "%s\n", line.toLocal8Bit().constData());
    };
    auto summary = app::runDemo(options, progress, say);
    if (!summary)
        return failWith(context, summary.error());
    const QString text =
        QStringLiteral(
            "Demo complete in %1 s: %2 endpoints verified, %3 failed; listing opened by the "
            "customer: "
            "%4 endpoints match what they hold, %5 differ.\nOutputs: %6 (exports in %7)\n"
            "Phases: setup %8 s, line %9 s, close %10 s, check %11 s")
            .arg(double(summary->totalMs) / 1000.0, 0, 'f', 1)
            .arg(summary->verified)
            .arg(summary->failed)
            .arg(summary->matched)
            .arg(summary->mismatched)
            .arg(summary->out, summary->exports)
            .arg(double(summary->setupMs) / 1000.0, 0, 'f', 1)
            .arg(double(summary->runMs) / 1000.0, 0, 'f', 1)
            .arg(double(summary->closeMs) / 1000.0, 0, 'f', 1)
            .arg(double(summary->checkMs) / 1000.0, 0, 'f', 1);
    if (summary->mismatched != 0 || summary->matched != summary->verified)
        return failWith(context, {app::DeviceFailure, text});
    return succeed(context, text,
                   {{QStringLiteral("out"), summary->out},
                    {QStringLiteral("verified"), summary->verified},
                    {QStringLiteral("failed"), summary->failed},
                    {QStringLiteral("matched"), summary->matched},
                    {QStringLiteral("totalMs"), summary->totalMs},
                    {QStringLiteral("runMs"), summary->runMs}});
}

} // namespace kps::cli
