#include "kps/jigs/simulated_line.hpp"

#include "kps/jigs/keystore_record.hpp"
#include "kps/jigs/probe_jig.hpp"
#include "kps/jigs/reference_endpoint.hpp"
#include "kps/jigs/sim/in_process_transport.hpp"

#include <cstdio>
#include <fstream>

namespace kps::jigs {
namespace {

/// One slot: a simulated probe with its socket, driven by the real ProbeJig.
class SimulatedSlotJig final : public Jig {
public:
    SimulatedSlotJig(SimulatedLine& line, int slot)
        : line_(line)
        , faults_(faultRates(line.options()), line.options().seed * 1000003u + unsigned(slot))
        , probe_(identity(slot, line.options()), referenceTarget(), &faults_)
        , jig_(std::make_unique<sim::InProcessTransport>(probe_), referenceTarget()) {}
    ~SimulatedSlotJig() override { detach(); }

    std::string serial() const override { return jig_.serial(); }
    Result<EndpointIdentity> attach() override {
        bool preLocked = false;
        probe_.insert(line_.nextEndpoint(faults_, preLocked));
        preLocked_ = preLocked;
        return jig_.attach();
    }
    Status writeKeyStore(std::span<const std::uint8_t> record) override {
        return jig_.writeKeyStore(record);
    }
    Status readKeyStore(std::span<std::uint8_t> out) override { return jig_.readKeyStore(out); }
    Status lockAndReset() override { return jig_.lockAndReset(); }
    void detach() noexcept override {
        jig_.detach();
        auto endpoint = probe_.remove();
        if (endpoint && endpoint->locked() && !preLocked_)
            line_.archive(*endpoint);
    }

private:
    static sim::FaultRates faultRates(const SimulatedLineOptions& options) {
        sim::FaultRates rates = options.faults;
        if (options.faultRate > 0)
            rates.set(sim::FaultKind::FlashProgram, options.faultRate);
        return rates;
    }
    static sim::ProbeIdentity identity(int slot, const SimulatedLineOptions& options) {
        sim::ProbeIdentity identity;
        identity.serial = "KPS-SIM-" + std::to_string(slot);
        identity.packetSize = options.packetSize;
        return identity;
    }

    SimulatedLine& line_;
    sim::FaultInjector faults_;
    sim::SimulatedProbe probe_;
    ProbeJig jig_;
    bool preLocked_ = false;
};

} // namespace

std::string uniqueIdHex(const std::array<std::uint8_t, 12>& uniqueId) {
    std::string name;
    for (std::uint8_t byte : uniqueId) {
        char hex[3];
        std::snprintf(hex, sizeof hex, "%02x", byte);
        name += hex;
    }
    return name;
}

SimulatedLine::SimulatedLine(SimulatedLineOptions options)
    : options_(std::move(options))
    , random_(options_.seed) {
    if (!options_.archiveDirectory.empty())
        std::filesystem::create_directories(options_.archiveDirectory);
}

std::unique_ptr<Jig> SimulatedLine::jigForSlot(int slot) {
    return std::make_unique<SimulatedSlotJig>(*this, slot);
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

std::unique_ptr<ReferenceEndpoint> SimulatedLine::nextEndpoint(sim::FaultInjector& faults,
                                                               bool& preLocked) {
    preLocked = false;
    if (faults.roll(sim::FaultKind::NoTarget))
        return nullptr;
    auto endpoint = std::make_unique<ReferenceEndpoint>(referenceTarget(), nextUniqueId(), &faults,
                                                        options_.flashBusyPolls);
    if (faults.roll(sim::FaultKind::LockedTarget)) {
        KeyStoreContent earlier; // provisioned on another day: an empty record, locked
        std::vector<std::uint8_t> record(keyStoreSize(earlier));
        (void)encodeKeyStore(earlier, record);
        endpoint->provisionDirectly(record);
        preLocked = true;
    }
    return endpoint;
}

void SimulatedLine::archive(const ReferenceEndpoint& endpoint) {
    if (options_.archiveDirectory.empty())
        return;
    std::ofstream file(options_.archiveDirectory / (uniqueIdHex(endpoint.uniqueId()) + ".keystore"),
                       std::ios::binary);
    auto page = endpoint.keyStorePage();
    file.write(reinterpret_cast<const char*>(page.data()),
               static_cast<std::streamsize>(page.size()));
}

} // namespace kps::jigs
