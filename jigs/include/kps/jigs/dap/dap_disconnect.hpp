#pragma once
// DAP_Disconnect (0x03): releases the debug port pins.
//   request  03
//   response 03 status
#include "kps/jigs/dap/dap_packet.hpp"

namespace kps::jigs::dap {

inline Packet encodeDisconnect() {
    return startPacket(CommandId::Disconnect);
}

inline Status decodeDisconnect(std::span<const std::uint8_t> response) {
    return decodeStatusResponse(response, CommandId::Disconnect, "DAP_Disconnect");
}

} // namespace kps::jigs::dap
