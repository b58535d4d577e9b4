#pragma once
// Simulated line only (tests, training): ends the process at an exact step of the
// jig sequence, as `kill -9` would (no destructor, no commit, no detach), so tests can
// check the recovery from each point deterministically. Points: before-write,
// after-write, after-lock, before-detach; "after-write:3" ends the process right after
// the third key-store write of the run (all slots counted together).
#include "kps/provisioning/ports/endpoint_jig.hpp"

#include <atomic>
#include <memory>

namespace kps::provisioning {

struct CrashPoint {
    QString point;
    int occurrence = 0;
    std::atomic<int> seen{0};

    static std::shared_ptr<CrashPoint> parse(const QString& text); // nullptr if empty or bad
};

std::unique_ptr<EndpointJig> crashingJig(std::unique_ptr<EndpointJig> jig,
                                         std::shared_ptr<CrashPoint> crash);

} // namespace kps::provisioning
