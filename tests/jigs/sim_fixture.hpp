#pragma once
// Test helpers for the jigs: a simulated probe with an endpoint in its socket, a
// transport that records every command packet, and a sample key-store record.
#include "kps/jigs/keystore_record.hpp"
#include "kps/jigs/reference_endpoint.hpp"
#include "kps/jigs/sim/in_process_transport.hpp"

#include <QTest>

namespace kps::test {

inline std::vector<std::uint8_t> sampleRecord(std::uint8_t seed = 1) {
    std::uint8_t keys[3][16];
    for (int k = 0; k < 3; ++k)
        for (int i = 0; i < 16; ++i)
            keys[k][i] = std::uint8_t(seed * 31 + k * 16 + i);
    static const std::uint8_t password[] = {'A', 'b', 'c', 'd', 'e', 'f',
                                            'g', 'h', 'j', 'k', 'm', 'n'};
    jigs::KeyStoreContent content;
    content.address = {0x8b, 0x2d, seed, 0x56, 0x34, 0x12, 0x01, 0x07};
    content.keys.push_back({1, jigs::KeyRole::Data, 1, keys[0]});
    content.keys.push_back({2, jigs::KeyRole::Dm, 1, keys[1]});
    content.keys.push_back({3, jigs::KeyRole::Local, 1, keys[2]});
    content.password = password;
    std::vector<std::uint8_t> record(jigs::keyStoreSize(content));
    if (!jigs::encodeKeyStore(content, record))
        qFatal("cannot encode the sample record");
    return record;
}

inline std::unique_ptr<jigs::ReferenceEndpoint>
blankEndpoint(std::uint8_t tag = 1, jigs::sim::FaultInjector* faults = nullptr) {
    return std::make_unique<jigs::ReferenceEndpoint>(
        jigs::referenceTarget(),
        std::array<std::uint8_t, 12>{tag, 0xC0, 0xFF, 0xEE, 1, 2, 3, 4, 5, 6, 7, 8}, faults);
}

/// In-process transport that keeps a copy of every command packet (tests only).
class RecordingTransport final : public jigs::DapTransport {
public:
    explicit RecordingTransport(jigs::sim::SimulatedProbe& probe)
        : inner_(probe) {}
    jigs::Result<std::size_t> exchange(std::span<const std::uint8_t> command,
                                       std::span<std::uint8_t> response) override {
        countRoundTrip();
        packets.emplace_back(command.begin(), command.end());
        return inner_.exchange(command, response);
    }
    jigs::Status reconnect() override { return inner_.reconnect(); }
    std::size_t usbPacketSize() const override { return inner_.usbPacketSize(); }
    std::string serial() const override { return inner_.serial(); }

    std::size_t countOf(jigs::dap::CommandId id) const {
        return std::size_t(std::count_if(packets.begin(), packets.end(), [id](const auto& p) {
            return !p.empty() && p[0] == std::uint8_t(id);
        }));
    }
    std::vector<std::vector<std::uint8_t>> packets;

private:
    jigs::sim::InProcessTransport inner_;
};

inline jigs::sim::ProbeIdentity probeIdentity(std::uint16_t packetSize = 512) {
    jigs::sim::ProbeIdentity identity;
    identity.packetSize = packetSize;
    return identity;
}

} // namespace kps::test
