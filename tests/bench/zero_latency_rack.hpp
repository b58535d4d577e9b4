#pragma once
// Benches only: jigs that cost nothing, so a run measures the station alone (HSM, store,
// audit). Each attach finds a fresh endpoint in the socket (a new unique ID) until
// detach; the key store is a buffer the record is copied into and read back from.
#include "kps/provisioning/ports/endpoint_jig.hpp"
#include "kps/secure/secret_bytes.hpp"

#include <atomic>
#include <cstring>

namespace kps::bench {

class ZeroLatencyJig final : public provisioning::EndpointJig {
public:
    ZeroLatencyJig(int slot, std::atomic<qint64>& serials)
        : slot_(slot)
        , serials_(serials) {}
    QString serial() const override { return QStringLiteral("zero-latency-%1").arg(slot_); }
    provisioning::JigOutcome<provisioning::AttachedEndpoint> attach() override {
        if (unit_.isEmpty())
            unit_ = QStringLiteral("%1").arg(++serials_, 24, 16, QLatin1Char('0'));
        return provisioning::AttachedEndpoint{unit_, locked_};
    }
    provisioning::JigOutcome<void> writeKeyStore(std::span<const std::uint8_t> record) override {
        store_ = secure::SecretBytes::copyOf(record);
        return {};
    }
    provisioning::JigOutcome<void> readKeyStore(std::span<std::uint8_t> out) override {
        std::memcpy(out.data(), store_.data(), std::min(out.size(), store_.size()));
        return {};
    }
    provisioning::JigOutcome<void> lockAndReset() override {
        locked_ = true;
        return {};
    }
    void detach() noexcept override {
        unit_.clear(); // the endpoint leaves the socket; the next attach finds a new one
        locked_ = false;
        store_ = secure::SecretBytes();
    }

private:
    int slot_;
    std::atomic<qint64>& serials_;
    QString unit_;
    bool locked_ = false;
    secure::SecretBytes store_;
};

class ZeroLatencyRack final : public provisioning::JigRack {
public:
    explicit ZeroLatencyRack(int slots, qint64 firstSerial)
        : slots_(slots)
        , serials_(firstSerial) {}
    int slotCount() const override { return slots_; }
    provisioning::Outcome<std::unique_ptr<provisioning::EndpointJig>>
    jigForSlot(int slot) override {
        return std::unique_ptr<provisioning::EndpointJig>(new ZeroLatencyJig(slot, serials_));
    }

private:
    int slots_;
    std::atomic<qint64> serials_;
};

} // namespace kps::bench
