// kps demo: the main job on a laptop.
#include "commands.hpp"
#include "kps/app/demo.hpp"
#include "progress_printer.hpp"

#include <cstdio>

namespace kps::cli {

namespace {

const Option kOut = Option::text("out", "DIR", "Output folder.", "kps-demo");
const Option kCount = Option::integer("count", "N", "Endpoints.", "1000", 1, 10'000'000);
const Option kSlots = Option::integer("slots", "N", "Jigs in parallel.", "4", 1, 64);
const Option kTarget =
    Option::choice("target", "stm32wle5|reference",
                   "The endpoints: emulated STM32WLE5 MCUs (firmware, keys and lock) or the "
                   "reference model.",
                   "stm32wle5");

int runDemo(const Invocation& call) {
    const Context& context = call.context();
    app::DemoOptions options;
    options.out = call.text(kOut);
    options.count = int(call.integer(kCount));
    options.slots = int(call.integer(kSlots));
    options.target = call.text(kTarget) == QLatin1String("reference") ? app::DemoTarget::Reference
                                                                      : app::DemoTarget::Stm32wle5;
    ProgressPrinter progress(!context.json);
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

} // namespace

CommandSpec demoCommand() {
    return {"demo",
            "The whole simulated line on one machine, every output under one folder",
            {{"", {}, {&kOut, &kCount, &kSlots, &kTarget}, {}, "", runDemo}},
            true,
            "Makes a station, a demo customer and head-end, an order; runs, closes, and opens\n"
            "the listing as the customer would. Needs no station and no login."};
}

} // namespace kps::cli
