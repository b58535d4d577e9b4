#pragma once
// kps demo: a whole simulated line on one machine, every output under one folder:
//   OUT/station/   the station (HSM token, database, exports/ORDER/...)
//   OUT/customer/  the demo customer's key and certificate
//   OUT/headend/   the demo head-end's key and certificate
//   OUT/order/     the order file
//   OUT/line/      the simulated endpoints' key stores (what left the factory)
#include "kps/app/operations/run.hpp"
#include "kps/app/outcome.hpp"

#include <functional>

namespace kps::app {

enum class DemoTarget {
    Reference, // the reference endpoint model (profile amr-reference-v1)
    Stm32wle5, // emulated STM32WLE5s: firmware, keys and lock (profile amr-stm32wle5-v1)
};

struct DemoOptions {
    QString out = QStringLiteral("kps-demo");
    int count = 1000;
    int slots = 4;
    QString orderId = QStringLiteral("PO-DEMO-0001");
    DemoTarget target = DemoTarget::Stm32wle5;
};

struct DemoSummary {
    QString out;
    QString exports;
    int verified = 0;
    int failed = 0;
    qint64 matched = 0; // endpoints whose listed keys equal what they hold
    qint64 mismatched = 0;
    qint64 setupMs = 0, runMs = 0, closeMs = 0, checkMs = 0, totalMs = 0;
};

using Say = std::function<void(const QString&)>;

CommandResult<DemoSummary> runDemo(const DemoOptions& options, RunWatcher& watcher, const Say& say);

} // namespace kps::app
