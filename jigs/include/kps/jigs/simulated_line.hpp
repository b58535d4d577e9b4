#pragma once
// A simulated production line for training, demos and tests: every attach() finds a
// fresh blank reference endpoint in the jig's socket; every endpoint that leaves the
// socket locked (provisioned) is archived as its key-store page image, named by its
// unique ID, so tests can compare what the customer received with what the endpoint
// holds. Deterministic for a given seed.
#include "kps/jigs/jig.hpp"

#include <filesystem>
#include <memory>
#include <mutex>
#include <random>

namespace kps::jigs {

struct SimulatedLineOptions {
    std::uint64_t seed = 1;
    std::filesystem::path archiveDirectory; // empty: do not archive
    double faultRate = 0.0;                 // share of writes that fail (flash program error)
};

class SimulatedLine {
public:
    explicit SimulatedLine(SimulatedLineOptions options);

    std::unique_ptr<Jig> jigForSlot(int slot);

    // Used by the simulated jigs.
    std::array<std::uint8_t, 12> nextUniqueId();
    bool nextWriteFails();
    void archive(const class ReferenceEndpoint& endpoint);

private:
    SimulatedLineOptions options_;
    std::mutex mutex_;
    std::mt19937_64 random_;
    std::uint64_t produced_ = 0;
};

} // namespace kps::jigs
