#pragma once
// Runs a command object to its end inside the test's event loop.
#include "kps/app/commands/command.hpp"
#include "kps/provisioning/station.hpp"
#include "must.hpp"
#include "order_ids.hpp"

#include <QSignalSpy>
#include <QTest>

namespace kps::test {

inline app::CommandReport runToEnd(app::Command& command, int timeoutMs = 120000) {
    QSignalSpy finished(&command, &app::Command::finished);
    if (!command.isRunning())
        command.start();
    if (!finished.wait(timeoutMs))
        qFatal("the command did not finish in %d ms", timeoutMs);
    return finished.first().first().value<app::CommandReport>();
}

/// A supervisor releases a registered order to the line (operators run running orders).
inline bool releaseToLine(provisioning::Station& station, const provisioning::Principal& supervisor,
                          const QString& orderId) {
    auto started = station.orders().changeState(supervisor, test::orderId(orderId),
                                                provisioning::OrderState::Running);
    if (!started)
        qWarning("%s", qPrintable(started.error().message()));
    return bool(started);
}

inline int auditCount(provisioning::Store& store, const QString& event) {
    int count = 0;
    test::must(
        store.audit().forEach([&](const provisioning::AuditEntry& entry) -> provisioning::Done {
            count += entry.event == event;
            return {};
        }),
        "read the audit");
    return count;
}

} // namespace kps::test
