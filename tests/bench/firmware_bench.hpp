#pragma once
// Shared by kps-bench-firmware's parts: figures, the totals of a run of passes.
#include "kps/jigs/sim/simulated_probe.hpp"

#include <cstdio>
#include <string>
#include <vector>

namespace kps::test {

inline void figure(const std::string& name, double value, const char* unit = "") {
    std::printf("%s %.3f%s%s\n", name.c_str(), value, *unit ? " " : "", unit);
    std::fflush(stdout);
}

struct PassTotals {
    std::uint64_t roundTrips = 0;
    double wallMs = 0, emulatorMs = 0, flashBusyMs = 0;
    int passes = 0;
};

/// OpenOCD 0.12 doing the same pass through the same probe: figures and the ratios
/// against `ours` (over USB, flash times off).
void benchOpenocd(jigs::sim::SimulatedProbe& probe, const std::vector<std::uint8_t>& image,
                  const std::vector<std::uint8_t>& record, int runs, const PassTotals& ours);

} // namespace kps::test
