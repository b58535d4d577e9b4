#pragma once
// DAP_HostStatus (0x01): the probe's LEDs.
//   request  01 type(0 connect, 1 running) status(0 off, 1 on)
//   response 01 00
#include "kps/jigs/dap/dap_packet.hpp"

namespace kps::jigs::dap {

enum class HostStatusLed : std::uint8_t { Connect = 0, Running = 1 };

inline Packet encodeHostStatus(HostStatusLed led, bool on) {
    Packet packet = startPacket(CommandId::HostStatus);
    putU8(packet, static_cast<std::uint8_t>(led));
    putU8(packet, on ? 1 : 0);
    return packet;
}

inline Status decodeHostStatus(std::span<const std::uint8_t> response) {
    return decodeStatusResponse(response, CommandId::HostStatus, "DAP_HostStatus");
}

} // namespace kps::jigs::dap
