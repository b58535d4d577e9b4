#pragma once
// The simulated line with one slot's probe unplugged: every attach on that slot fails
// with "probe-missing", the others provision normally. Deterministic.
#include "kps/provisioning/simulated_rack.hpp"
#include "kps/provisioning/station.hpp"

namespace kps::test {

class UnpluggedJig final : public provisioning::EndpointJig {
public:
    explicit UnpluggedJig(int slot)
        : slot_(slot) {}
    QString serial() const override { return QStringLiteral("KPS-SIM-%1").arg(slot_); }
    provisioning::JigOutcome<provisioning::AttachedEndpoint> attach() override {
        return tl::unexpected(provisioning::JigFailure{
            provisioning::Fault::ProbeMissing,
            QStringLiteral("probe %1 is unplugged: plug it back in").arg(serial())});
    }
    provisioning::JigOutcome<void> writeKeyStore(std::span<const std::uint8_t>) override {
        return attach().map([](const provisioning::AttachedEndpoint&) {});
    }
    provisioning::JigOutcome<void> readKeyStore(std::span<std::uint8_t>) override {
        return attach().map([](const provisioning::AttachedEndpoint&) {});
    }
    provisioning::JigOutcome<void> lockAndReset() override {
        return attach().map([](const provisioning::AttachedEndpoint&) {});
    }
    void detach() noexcept override {}

private:
    int slot_;
};

class RackWithUnpluggedSlot final : public provisioning::JigRack {
public:
    RackWithUnpluggedSlot(std::unique_ptr<provisioning::JigRack> line, int unplugged)
        : line_(std::move(line))
        , unplugged_(unplugged) {}
    int slotCount() const override { return line_->slotCount(); }
    provisioning::Outcome<std::unique_ptr<provisioning::EndpointJig>>
    jigForSlot(int slot) override {
        if (slot == unplugged_)
            return std::make_unique<UnpluggedJig>(slot);
        return line_->jigForSlot(slot);
    }

private:
    std::unique_ptr<provisioning::JigRack> line_;
    int unplugged_;
};

/// A RackFactory-compatible maker: the station's simulated line, `unplugged` slot dead.
inline auto rackWithUnpluggedSlot(int slotCount, int unplugged) {
    return [=](provisioning::Station& station, const provisioning::OrderRecord&)
               -> provisioning::Outcome<std::unique_ptr<provisioning::JigRack>> {
        return std::make_unique<RackWithUnpluggedSlot>(
            provisioning::makeSimulatedRack({slotCount, station.paths().simulatedLine(), 7, 0.0}),
            unplugged);
    };
}

} // namespace kps::test
