#pragma once
// DAP_Connect (0x02): selects the debug port and drives the pins.
//   request  02 port(0 default, 1 SWD, 2 JTAG)
//   response 02 port   (0: initialisation failed)
#include "kps/jigs/dap/dap_packet.hpp"

namespace kps::jigs::dap {

enum class DebugPort : std::uint8_t { Default = 0, Swd = 1, Jtag = 2 };

inline Packet encodeConnect(DebugPort port) {
    Packet packet = startPacket(CommandId::Connect);
    putU8(packet, static_cast<std::uint8_t>(port));
    return packet;
}

inline Result<DebugPort> decodeConnect(std::span<const std::uint8_t> response) {
    auto reader = openResponse(response, CommandId::Connect, 2, "DAP_Connect");
    if (!reader)
        return tl::unexpected(reader.error());
    const std::uint8_t port = reader->u8();
    if (port == 0 || port > 2)
        return fail(JigFault::Protocol, "DAP_Connect", "CMSIS-DAP probe",
                    "the probe could not select the debug port: check that it supports SWD", port);
    return static_cast<DebugPort>(port);
}

} // namespace kps::jigs::dap
