#include "kps/jigs/dap_probe.hpp"

#include "kps/jigs/dap/dap_connect.hpp"
#include "kps/jigs/dap/dap_disconnect.hpp"
#include "kps/jigs/dap/dap_reset_target.hpp"
#include "kps/jigs/dap/dap_swj_clock.hpp"
#include "kps/jigs/dap/dap_swj_pins.hpp"
#include "kps/jigs/dap/dap_swj_sequence.hpp"
#include "kps/jigs/wipe.hpp"

#include <algorithm>

namespace kps::jigs {

using namespace dap;

namespace {
constexpr std::size_t kLargestPacket = 1024;
}

DapProbe::DapProbe(DapTransport& transport)
    : transport_(transport)
    , response_(kLargestPacket) {}

DapProbe::~DapProbe() {
    wipeResponse();
}

void DapProbe::wipeResponse() {
    wipe(std::span(response_));
    responseLength_ = 0;
}

Result<std::span<const std::uint8_t>> DapProbe::command(std::span<const std::uint8_t> packet) {
    auto length = transport_.exchange(packet, response_);
    if (!length) {
        open_ = false; // the probe may have restarted: set it up again before use
        return tl::unexpected(length.error());
    }
    responseLength_ = *length;
    return std::span<const std::uint8_t>(response_.data(), responseLength_);
}

Status DapProbe::reconnect() {
    open_ = false;
    return transport_.reconnect();
}

Result<std::vector<std::uint8_t>> DapProbe::info(InfoId id) {
    auto response = command(encodeInfo(id));
    if (!response)
        return tl::unexpected(response.error());
    return decodeInfo(*response);
}

Status DapProbe::open(std::uint32_t clockHz, const TransferConfig& config) {
    auto size = info(InfoId::PacketSize);
    if (!size)
        return tl::unexpected(size.error());
    // One DAP packet per USB packet: a bulk IN of exactly a full USB packet would not end.
    packetSize_ =
        std::min<std::size_t>({infoNumber(*size), transport_.usbPacketSize(), kLargestPacket});
    if (packetSize_ < 64)
        return fail(JigFault::Protocol, "open probe", where(),
                    "the probe reports a packet size below 64 bytes: update its firmware");
    auto clock = command(encodeSwjClock(clockHz));
    if (!clock)
        return tl::unexpected(clock.error());
    if (auto set = decodeSwjClock(*clock); !set)
        return set;
    auto configured = command(encodeTransferConfigure(config));
    if (!configured)
        return tl::unexpected(configured.error());
    if (auto set = decodeTransferConfigure(*configured); !set)
        return set;
    open_ = true;
    return {};
}

Result<ProbeDetails> DapProbe::details() {
    ProbeDetails details;
    const std::pair<InfoId, std::string*> strings[] = {
        {InfoId::Vendor, &details.vendor},
        {InfoId::Product, &details.product},
        {InfoId::SerialNumber, &details.serial},
        {InfoId::FirmwareVersion, &details.firmware}};
    for (const auto& [id, into] : strings) {
        auto value = info(id);
        if (!value)
            return tl::unexpected(value.error());
        *into = infoString(*value);
    }
    for (InfoId id : {InfoId::Capabilities, InfoId::PacketSize, InfoId::PacketCount}) {
        auto value = info(id);
        if (!value)
            return tl::unexpected(value.error());
        const std::uint32_t number = infoNumber(*value);
        if (id == InfoId::Capabilities)
            details.capabilities = static_cast<std::uint8_t>(number);
        else if (id == InfoId::PacketSize)
            details.packetSize = static_cast<std::uint16_t>(number);
        else
            details.packetCount = static_cast<std::uint8_t>(number);
    }
    if (details.vendor == "KPS") { // our vendor command: target voltage in millivolts
        auto voltage = command(startPacket(CommandId::Vendor0));
        if (voltage && voltage->size() >= 3 && (*voltage)[0] == 0x80)
            details.targetMillivolts = std::uint16_t((*voltage)[1] | (*voltage)[2] << 8);
    }
    return details;
}

Status DapProbe::connectSwd() {
    auto response = command(encodeConnect(DebugPort::Swd));
    if (!response)
        return tl::unexpected(response.error());
    auto port = decodeConnect(*response);
    if (!port)
        return tl::unexpected(port.error());
    return {};
}

Status DapProbe::disconnect() {
    auto response = command(encodeDisconnect());
    if (!response)
        return tl::unexpected(response.error());
    return decodeDisconnect(*response);
}

Status DapProbe::switchToSwd() {
    auto response = command(encodeSwjSequence(kJtagToSwdBits, kJtagToSwdSequence));
    if (!response)
        return tl::unexpected(response.error());
    return decodeSwjSequence(*response);
}

Result<std::uint8_t> DapProbe::pins(std::uint8_t output, std::uint8_t select,
                                    std::uint32_t waitUs) {
    auto response = command(encodeSwjPins(output, select, waitUs));
    if (!response)
        return tl::unexpected(response.error());
    return decodeSwjPins(*response);
}

Status DapProbe::hostStatus(HostStatusLed led, bool on) {
    auto response = command(encodeHostStatus(led, on));
    if (!response)
        return tl::unexpected(response.error());
    return decodeHostStatus(*response);
}

Result<bool> DapProbe::resetTarget() {
    auto response = command(encodeResetTarget());
    if (!response)
        return tl::unexpected(response.error());
    return decodeResetTarget(*response);
}

} // namespace kps::jigs
