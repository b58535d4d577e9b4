#pragma once
// The simulated probe reached by a function call: same packets as over USB, no
// sleeping, no copying beyond the packets themselves.
#include "kps/jigs/sim/simulated_probe.hpp"
#include "kps/jigs/transport.hpp"

namespace kps::jigs::sim {

class InProcessTransport final : public DapTransport {
public:
    explicit InProcessTransport(SimulatedProbe& probe)
        : probe_(probe) {}

    Result<std::size_t> exchange(std::span<const std::uint8_t> command,
                                 std::span<std::uint8_t> response) override {
        countRoundTrip();
        const ProbeAnswer answer = probe_.handle(command, response);
        if (answer.delivery == Delivery::Dropped)
            return fail(JigFault::ProbeMissing, "USB transfer", "probe " + serial(),
                        "the probe dropped off the bus: check its USB cable and hub");
        if (answer.delivery == Delivery::TimedOut)
            return fail(JigFault::UsbTimeout, "USB transfer", "probe " + serial(),
                        "the probe did not answer in time: check its USB cable and hub");
        return answer.length;
    }
    Status reconnect() override { return {}; }
    std::size_t usbPacketSize() const override { return probe_.identity().packetSize; }
    std::string serial() const override { return probe_.identity().serial; }

private:
    SimulatedProbe& probe_;
};

} // namespace kps::jigs::sim
