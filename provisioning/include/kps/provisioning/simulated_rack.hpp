#pragma once
// Jigs on the simulated line (training, demos, tests): every slot programs fresh
// simulated reference endpoints; provisioned ones are archived under `archive`.
#include "kps/provisioning/ports/endpoint_jig.hpp"

#include <memory>

namespace kps::provisioning {

struct SimulatedRackOptions {
    int slotCount = 4;
    QString archiveDirectory;
    quint64 seed = 1;
    double faultRate = 0.0;
};

std::unique_ptr<JigRack> makeSimulatedRack(const SimulatedRackOptions& options);

} // namespace kps::provisioning
