#include "kps/jigs/simulated_line.hpp"

#include "kps/jigs/reference_endpoint.hpp"
#include "simulated_jig.hpp"

#include <cstdio>
#include <fstream>

namespace kps::jigs {

SimulatedLine::SimulatedLine(SimulatedLineOptions options)
    : options_(std::move(options))
    , random_(options_.seed) {
    if (!options_.archiveDirectory.empty())
        std::filesystem::create_directories(options_.archiveDirectory);
}

std::unique_ptr<Jig> SimulatedLine::jigForSlot(int slot) {
    return std::make_unique<SimulatedJig>(*this, slot);
}

std::array<std::uint8_t, 12> SimulatedLine::nextUniqueId() {
    std::lock_guard lock(mutex_);
    std::array<std::uint8_t, 12> id{};
    const std::uint64_t serial = ++produced_;
    const std::uint64_t noise = random_();
    for (int i = 0; i < 8; ++i)
        id[i] = static_cast<std::uint8_t>(noise >> (8 * i));
    for (int i = 0; i < 4; ++i)
        id[8 + i] = static_cast<std::uint8_t>(serial >> (8 * i));
    return id;
}

bool SimulatedLine::nextWriteFails() {
    if (options_.faultRate <= 0.0)
        return false;
    std::lock_guard lock(mutex_);
    return std::uniform_real_distribution<double>(0.0, 1.0)(random_) < options_.faultRate;
}

void SimulatedLine::archive(const ReferenceEndpoint& endpoint) {
    if (options_.archiveDirectory.empty())
        return;
    std::string name;
    for (std::uint8_t byte : endpoint.uniqueId()) {
        char hex[3];
        std::snprintf(hex, sizeof hex, "%02x", byte);
        name += hex;
    }
    std::ofstream file(options_.archiveDirectory / (name + ".keystore"), std::ios::binary);
    auto page = endpoint.keyStorePage();
    file.write(reinterpret_cast<const char*>(page.data()),
               static_cast<std::streamsize>(page.size()));
}

} // namespace kps::jigs
