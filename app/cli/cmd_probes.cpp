// kps probes: the CMSIS-DAP v2 probes on USB now (serial, firmware, target voltage).
#include "commands.hpp"
#include "kps/provisioning/probe_rack.hpp"

#include <QJsonArray>

namespace kps::cli {

namespace {

int runProbes(const Invocation& call) {
    const Context& context = call.context();
    auto probes = provisioning::listConnectedProbes();
    if (!probes)
        return failWith(context, app::fromError(probes.error()));
    QStringList lines{QStringLiteral("serial\tfirmware\ttarget voltage\tUSB\tproduct")};
    QJsonArray list;
    for (const auto& probe : *probes) {
        const QString voltage =
            probe.targetMillivolts
                ? QStringLiteral("%1 V").arg(double(*probe.targetMillivolts) / 1000.0, 0, 'f', 2)
                : QStringLiteral("n/a");
        lines << QStringLiteral("%1\t%2\t%3\t%4:%5\t%6")
                     .arg(probe.serial,
                          probe.problem.isEmpty() ? probe.firmware : QStringLiteral("(no answer)"),
                          voltage)
                     .arg(probe.bus)
                     .arg(probe.address)
                     .arg(probe.product);
        QJsonObject entry{{QStringLiteral("serial"), probe.serial},
                          {QStringLiteral("product"), probe.product},
                          {QStringLiteral("firmware"), probe.firmware},
                          {QStringLiteral("bus"), probe.bus},
                          {QStringLiteral("address"), probe.address}};
        if (probe.targetMillivolts)
            entry.insert(QStringLiteral("targetMillivolts"), *probe.targetMillivolts);
        if (!probe.problem.isEmpty())
            entry.insert(QStringLiteral("problem"), probe.problem);
        list.append(entry);
    }
    if (probes->empty())
        lines = QStringList{QStringLiteral("No CMSIS-DAP v2 probe found on USB.")};
    return succeed(context, lines.join(u'\n'), {{QStringLiteral("probes"), list}});
}

} // namespace

CommandSpec probesCommand() {
    return {"probes",
            "The CMSIS-DAP v2 probes on USB now (serial, firmware, target voltage)",
            {{"", {}, {}, {}, "", runProbes}}};
}

} // namespace kps::cli
