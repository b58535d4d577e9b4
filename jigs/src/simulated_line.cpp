#include "kps/jigs/simulated_line.hpp"

#include "kps/jigs/keystore_record.hpp"
#include "kps/jigs/probe_jig.hpp"
#include "kps/jigs/sim/in_process_transport.hpp"
#include "kps/jigs/wipe.hpp"
#include "simulated_sockets.hpp"

#include <algorithm>
#include <cstdio>

namespace kps::jigs {
namespace {

/// One slot: a simulated probe with its socket, driven by the real ProbeJig.
class SimulatedSlotJig final : public Jig {
public:
    SimulatedSlotJig(SimulatedLine& line, int slot)
        : line_(line)
        , slot_(slot)
        , faults_(faultRates(line.options()), line.options().seed * 1000003u + unsigned(slot))
        , probe_(identity(slot, line.options()), line.kind().profile(), &faults_)
        , jig_(std::make_unique<sim::InProcessTransport>(probe_), line.kind().profile()) {}
    ~SimulatedSlotJig() override {
        if (!keptInSocket_)
            detach();
    }

    std::string serial() const override { return jig_.serial(); }
    /// A second attach reconnects to the endpoint already in the socket.
    Result<EndpointIdentity> attach() override {
        keptInSocket_ = false;
        if (!probe_.endpoint()) {
            bool preLocked = false;
            probe_.insert(line_.endpointForSocket(slot_, faults_, preLocked));
            preLocked_ = preLocked;
        }
        return jig_.attach();
    }
    Status programFirmware(const FirmwareImage& image) override {
        return kept(jig_.programFirmware(image));
    }
    Status writeKeyStore(std::span<const std::uint8_t> record) override {
        return kept(jig_.writeKeyStore(record));
    }
    Status readKeyStore(std::span<std::uint8_t> out) override { return jig_.readKeyStore(out); }
    Status lockAndReset() override { return kept(jig_.lockAndReset()); }
    void detach() noexcept override {
        jig_.detach();
        auto endpoint = probe_.remove();
        line_.socketEmptied(slot_, endpoint.get(), preLocked_);
    }
    /// The socket file keeps the endpoint; a later run's attach finds it there.
    void disconnect() noexcept override {
        jig_.detach();
        keptInSocket_ = true;
    }

private:
    /// The socket keeps what the endpoint holds now (persistent sockets).
    Status kept(Status outcome) {
        if (const sim::SimulatedEndpoint* endpoint = probe_.endpoint())
            line_.socketChanged(slot_, *endpoint, preLocked_);
        return outcome;
    }
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
    int slot_;
    sim::FaultInjector faults_;
    sim::SimulatedProbe probe_;
    ProbeJig jig_;
    bool preLocked_ = false;
    bool keptInSocket_ = false;
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
    , kind_(options_.kind ? options_.kind : sim::referenceEndpoints(options_.flashBusyPolls))
    , sockets_(std::make_unique<SimulatedSockets>(options_.socketDirectory))
    , random_(options_.seed) {
    if (!options_.archiveDirectory.empty())
        std::filesystem::create_directories(options_.archiveDirectory);
    const auto occupants = sockets_->occupants();
    for (const auto& id : options_.returnedEndpoints)
        if (std::find(occupants.begin(), occupants.end(), id) == occupants.end())
            returned_.push_back(id);
}

SimulatedLine::~SimulatedLine() = default;

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

std::unique_ptr<sim::SimulatedEndpoint> SimulatedLine::nextEndpoint(sim::FaultInjector& faults,
                                                                    bool& preLocked) {
    preLocked = false;
    if (faults.roll(sim::FaultKind::NoTarget))
        return nullptr;
    auto endpoint = kind_->make(nextUniqueId(), &faults);
    if (faults.roll(sim::FaultKind::LockedTarget)) {
        KeyStoreContent earlier; // provisioned on another day: an empty record, locked
        std::vector<std::uint8_t> record(keyStoreSize(earlier));
        (void)encodeKeyStore(earlier, record);
        endpoint->provisionDirectly(record);
        preLocked = true;
    }
    return endpoint;
}

std::unique_ptr<sim::SimulatedEndpoint>
SimulatedLine::returnedEndpoint(sim::FaultInjector& faults) {
    std::lock_guard lock(mutex_);
    if (returned_.empty())
        return nullptr;
    auto endpoint = kind_->make(returned_.front(), &faults);
    returned_.pop_front();
    return endpoint;
}

std::unique_ptr<sim::SimulatedEndpoint>
SimulatedLine::endpointForSocket(int slot, sim::FaultInjector& faults, bool& preLocked) {
    preLocked = false;
    if (auto kept = sockets_->load(slot)) {
        if (!kept->keyStorePage.empty()) // a socket of the previous format: its key store
            kept->pages.push_back({kind_->profile().keyStoreAddress, kept->keyStorePage});
        auto endpoint = kind_->restore(kept->uniqueId, kept->pages, kept->locked, &faults);
        sim::wipe(kept->pages);
        wipe(kept->keyStorePage);
        preLocked = kept->preLocked;
        return endpoint;
    }
    auto endpoint = returnedEndpoint(faults);
    if (!endpoint && !options_.onlyReturned)
        endpoint = nextEndpoint(faults, preLocked);
    if (endpoint)
        sockets_->save(slot, *endpoint, preLocked);
    return endpoint;
}

void SimulatedLine::socketChanged(int slot, const sim::SimulatedEndpoint& endpoint,
                                  bool preLocked) {
    sockets_->save(slot, endpoint, preLocked);
}

void SimulatedLine::socketEmptied(int slot, const sim::SimulatedEndpoint* endpoint,
                                  bool preLocked) noexcept {
    if (endpoint && endpoint->locked() && !preLocked)
        archive(*endpoint); // first archive, then free the socket: a crash between keeps both
    sockets_->clear(slot);
}

void SimulatedLine::archive(const sim::SimulatedEndpoint& endpoint) {
    if (options_.archiveDirectory.empty())
        return;
    const std::string stem = uniqueIdHex(endpoint.uniqueId());
    sim::FlashPages pages = sim::nonEmptyPages(endpoint);
    if (pages.size() > 1) { // firmware besides the key store: the whole flash, page by page
        std::vector<std::uint8_t> bytes;
        sim::appendPages(bytes, pages);
        writeFileAtomically(options_.archiveDirectory / (stem + ".flash"), bytes.data(),
                            bytes.size());
        wipe(bytes);
    }
    sim::wipe(pages);
    const auto page = endpoint.keyStorePage();
    writeFileAtomically(options_.archiveDirectory / (stem + ".keystore"), page.data(), page.size());
}

} // namespace kps::jigs
