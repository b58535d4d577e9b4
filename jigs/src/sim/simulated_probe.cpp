#include "kps/jigs/sim/simulated_probe.hpp"

#include "kps/jigs/dap/dap_info.hpp"
#include "kps/jigs/dap/dap_swj_pins.hpp"
#include "kps/jigs/dap/dap_transfer.hpp"
#include "kps/jigs/wipe.hpp"

#include <algorithm>

namespace kps::jigs::sim {

using namespace dap;

SimulatedProbe::SimulatedProbe(ProbeIdentity identity, const TargetProfile& profile,
                               FaultInjector* faults)
    : identity_(std::move(identity))
    , profile_(profile)
    , faults_(faults)
    , target_(profile) {}

void SimulatedProbe::insert(std::unique_ptr<SimulatedEndpoint> endpoint) {
    endpoint_ = std::move(endpoint);
    target_.plug(endpoint_.get());
}

std::unique_ptr<SimulatedEndpoint> SimulatedProbe::remove() {
    target_.plug(nullptr);
    return std::move(endpoint_);
}

void SimulatedProbe::usbReset() {
    connected_ = false;
    clockHz_ = 1'000'000;
    waitRetry_ = 100;
    matchRetry_ = 0;
    matchMask_ = 0;
}

void SimulatedProbe::resetCounters() {
    packets_ = 0;
    byCommand_.fill(0);
}

ProbeAnswer SimulatedProbe::handle(std::span<const std::uint8_t> command,
                                   std::span<std::uint8_t> response) {
    ++packets_;
    ++byCommand_[command.empty() ? 0xFF : command[0]];
    if (endpoint_)
        endpoint_->probeCommand();
    for (FaultKind kind : {FaultKind::UsbDrop, FaultKind::UsbTimeout}) {
        if (!faults_ || !faults_->roll(kind))
            continue;
        if (faults_->pick(2) == 1) // lost before or after the probe acted on it
            execute(command);
        wipe(out_);
        if (kind == FaultKind::UsbDrop)
            usbReset();
        return {kind == FaultKind::UsbDrop ? Delivery::Dropped : Delivery::TimedOut, 0};
    }
    execute(command);
    const std::size_t length =
        std::min({out_.size(), response.size(), std::size_t(identity_.packetSize)});
    std::copy_n(out_.begin(), length, response.begin());
    wipe(out_);
    return {Delivery::Answered, length};
}

void SimulatedProbe::execute(std::span<const std::uint8_t> command) {
    out_.clear();
    if (command.empty() || command.size() > identity_.packetSize) {
        out_.push_back(0xFF);
        return;
    }
    Reader in(command);
    const auto id = static_cast<CommandId>(in.u8());
    out_.push_back(static_cast<std::uint8_t>(id));
    switch (id) {
    case CommandId::Info:
        return info(in);
    case CommandId::HostStatus:
    case CommandId::SwdConfigure:
    case CommandId::Delay:
    case CommandId::SwjClock:
        if (id == CommandId::SwjClock)
            clockHz_ = in.u32();
        return out_.push_back(kStatusOk);
    case CommandId::Connect:
        return connect(in);
    case CommandId::Disconnect:
        connected_ = false;
        return out_.push_back(kStatusOk);
    case CommandId::TransferConfigure:
        return transferConfigure(in);
    case CommandId::Transfer:
        return transfer(in);
    case CommandId::TransferBlock:
        return transferBlock(in);
    case CommandId::WriteAbort: {
        in.u8();
        std::uint32_t value = in.u32();
        const bool ok = connected_ && target_.access(0x00, value) == ack::ok;
        return out_.push_back(ok ? kStatusOk : kStatusError);
    }
    case CommandId::ResetTarget:
        return resetTarget();
    case CommandId::SwjPins:
        return swjPins(in);
    case CommandId::SwjSequence:
        return swjSequence(in);
    case CommandId::Vendor0: // KPS vendor command: target voltage in millivolts
        putU16(out_, endpoint_ ? identity_.targetMillivolts : 0);
        return;
    default:
        out_.assign(1, static_cast<std::uint8_t>(CommandId::Invalid));
    }
}

void SimulatedProbe::info(Reader& in) {
    const auto item = static_cast<InfoId>(in.u8());
    auto text = [this](const std::string& value) {
        out_.push_back(static_cast<std::uint8_t>(value.size() + 1));
        out_.insert(out_.end(), value.begin(), value.end());
        out_.push_back(0);
    };
    switch (item) {
    case InfoId::Vendor:
        return text(identity_.vendor);
    case InfoId::Product:
        return text(identity_.product);
    case InfoId::SerialNumber:
        return text(identity_.serial);
    case InfoId::ProtocolVersion:
        return text("2.1.1");
    case InfoId::FirmwareVersion:
        return text(identity_.firmware);
    case InfoId::Capabilities:
        out_.push_back(1);
        return out_.push_back(0x01); // SWD only
    case InfoId::PacketCount:
        out_.push_back(1);
        return out_.push_back(identity_.packetCount);
    case InfoId::PacketSize:
        out_.push_back(2);
        return putU16(out_, identity_.packetSize);
    default:
        out_.push_back(0); // not known
    }
}

void SimulatedProbe::connect(Reader& in) {
    const std::uint8_t port = in.u8();
    connected_ = port == 0 || port == 1;
    out_.push_back(connected_ ? 1 : 0); // SWD only; JTAG is not wired on a jig
}

void SimulatedProbe::swjPins(Reader& in) {
    const std::uint8_t output = in.u8();
    const std::uint8_t select = in.u8();
    in.u32();
    if (select & pin::nreset) {
        const bool hold = !(output & pin::nreset);
        if (resetHeld_ && !hold && endpoint_)
            endpoint_->systemReset();
        resetHeld_ = hold;
    }
    std::uint8_t input = static_cast<std::uint8_t>(output & select & (pin::swclk | pin::swdio));
    input |= pin::tdo | pin::ntrst;
    if (!resetHeld_)
        input |= pin::nreset;
    out_.push_back(input);
}

void SimulatedProbe::swjSequence(Reader& in) {
    unsigned count = in.u8();
    if (count == 0)
        count = 256;
    const auto bits = in.rest();
    if (bits.size() < (count + 7) / 8)
        return out_.push_back(kStatusError);
    target_.clockBits(count, bits);
    out_.push_back(kStatusOk);
}

void SimulatedProbe::transferConfigure(Reader& in) {
    in.u8(); // idle cycles
    waitRetry_ = in.u16();
    matchRetry_ = in.u16();
    out_.push_back(in.isShort() ? kStatusError : kStatusOk);
}

void SimulatedProbe::resetTarget() {
    if (endpoint_)
        endpoint_->systemReset();
    out_.push_back(kStatusOk);
    out_.push_back(1); // a reset sequence was executed
}

} // namespace kps::jigs::sim
