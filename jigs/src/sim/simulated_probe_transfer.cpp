// DAP_Transfer and DAP_TransferBlock as the CMSIS-DAP firmware executes them:
// in order, stopping at the first access that does not answer OK; value-match
// reads retry up to the configured count; WAIT and FAULT can be injected.
#include "kps/jigs/dap/dap_transfer_block.hpp"
#include "kps/jigs/sim/simulated_probe.hpp"

namespace kps::jigs::sim {

using namespace dap;

std::size_t SimulatedProbe::injectedFailureIndex(std::size_t count, std::uint8_t& failure) {
    if (!faults_ || count == 0)
        return SIZE_MAX;
    if (faults_->roll(FaultKind::SwdWait))
        failure = ack::wait;
    else if (faults_->roll(FaultKind::SwdFault))
        failure = ack::fault;
    else
        return SIZE_MAX;
    return faults_->pick(count);
}

std::uint8_t SimulatedProbe::oneTransfer(std::uint8_t request, std::uint32_t data) {
    if (!connected_)
        return ack::noAck;
    if (request & request::matchMask) {
        matchMask_ = data;
        return ack::ok;
    }
    std::uint32_t value = data;
    if (!(request & request::valueMatch)) {
        const std::uint8_t result = target_.access(request & 0x0F, value);
        if (result == ack::ok && (request & request::read))
            putU32(out_, value);
        return result;
    }
    for (unsigned attempt = 0;; ++attempt) {
        const std::uint8_t result = target_.access(request & 0x0F, value);
        if (result != ack::ok)
            return result;
        if ((value & matchMask_) == data)
            return ack::ok;
        if (attempt >= matchRetry_)
            return ack::ok | ack::mismatch;
    }
}

void SimulatedProbe::transfer(Reader& in) {
    in.u8(); // DAP index (one DAP per probe)
    const std::size_t count = in.u8();
    out_.push_back(0);
    out_.push_back(0);
    std::uint8_t injected = 0;
    const std::size_t failAt = injectedFailureIndex(count, injected);
    std::uint8_t executed = 0;
    std::uint8_t response = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const std::uint8_t request = in.u8();
        const std::uint32_t data = carriesData(request) ? in.u32() : 0;
        if (in.isShort())
            break;
        if (i == failAt) {
            response = injected;
            if (injected == ack::fault)
                target_.raiseStickyError();
            break;
        }
        response = oneTransfer(request, data);
        if (response != ack::ok)
            break;
        ++executed;
    }
    out_[1] = executed;
    out_[2] = response;
}

void SimulatedProbe::transferBlock(Reader& in) {
    in.u8();
    const std::size_t count = in.u16();
    const std::uint8_t request = in.u8() & 0x0F;
    out_.insert(out_.end(), {0, 0, 0});
    std::uint8_t injected = 0;
    const std::size_t failAt = injectedFailureIndex(count, injected);
    std::uint16_t executed = 0;
    std::uint8_t response = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const std::uint32_t data = (request & request::read) ? 0 : in.u32();
        if (in.isShort())
            break;
        if (i == failAt) {
            response = injected;
            if (injected == ack::fault)
                target_.raiseStickyError();
            break;
        }
        response = oneTransfer(request, data);
        if (response != ack::ok)
            break;
        ++executed;
    }
    out_[1] = static_cast<std::uint8_t>(executed);
    out_[2] = static_cast<std::uint8_t>(executed >> 8);
    out_[3] = response;
}

} // namespace kps::jigs::sim
