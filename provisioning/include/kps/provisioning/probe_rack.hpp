#pragma once
// Jigs on a real line: CMSIS-DAP v2 probes on USB, slot N bound to the Nth probe
// serial number, programming the target the order's profile names.
#include "kps/provisioning/ports/endpoint_jig.hpp"

#include <QStringList>
#include <memory>
#include <optional>
#include <vector>

namespace kps::provisioning {

struct ProbeRackOptions {
    QStringList serials;                                      // one per slot, in slot order
    QString target = QStringLiteral("reference-endpoint-v1"); // the profile's "target"
};

/// Checks that every serial is connected now; slots reconnect on their own later.
Outcome<std::unique_ptr<JigRack>> makeProbeRack(const ProbeRackOptions& options);

struct ConnectedProbe {
    QString serial;
    QString product;
    QString firmware;
    std::optional<int> targetMillivolts; // probes that report it (vendor command)
    int bus = 0;
    int address = 0;
    QString problem; // set when the probe was seen but did not answer
};

/// Every CMSIS-DAP v2 probe on USB now (for `kps probes`).
Outcome<std::vector<ConnectedProbe>> listConnectedProbes();

} // namespace kps::provisioning
