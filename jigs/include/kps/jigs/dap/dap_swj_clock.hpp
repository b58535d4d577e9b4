#pragma once
// DAP_SWJ_Clock (0x11): SWCLK frequency in Hz.
//   request  11 clock(u32)
//   response 11 status
#include "kps/jigs/dap/dap_packet.hpp"

namespace kps::jigs::dap {

inline Packet encodeSwjClock(std::uint32_t hertz) {
    Packet packet = startPacket(CommandId::SwjClock);
    putU32(packet, hertz);
    return packet;
}

inline Status decodeSwjClock(std::span<const std::uint8_t> response) {
    return decodeStatusResponse(response, CommandId::SwjClock, "DAP_SWJ_Clock");
}

} // namespace kps::jigs::dap
