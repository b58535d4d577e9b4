#pragma once
// DAP_SWJ_Pins (0x10): drives selected pins, waits, and reads every pin back.
//   request  10 output(u8) select(u8) waitUs(u32)
//   response 10 input(u8)
// Pin bits: 0 SWCLK/TCK, 1 SWDIO/TMS, 2 TDI, 3 TDO, 5 nTRST, 7 nRESET.
#include "kps/jigs/dap/dap_packet.hpp"

namespace kps::jigs::dap {

namespace pin {
constexpr std::uint8_t swclk = 1u << 0;
constexpr std::uint8_t swdio = 1u << 1;
constexpr std::uint8_t tdi = 1u << 2;
constexpr std::uint8_t tdo = 1u << 3;
constexpr std::uint8_t ntrst = 1u << 5;
constexpr std::uint8_t nreset = 1u << 7;
} // namespace pin

inline Packet encodeSwjPins(std::uint8_t output, std::uint8_t select, std::uint32_t waitUs) {
    Packet packet = startPacket(CommandId::SwjPins);
    putU8(packet, output);
    putU8(packet, select);
    putU32(packet, waitUs);
    return packet;
}

inline Result<std::uint8_t> decodeSwjPins(std::span<const std::uint8_t> response) {
    auto reader = openResponse(response, CommandId::SwjPins, 2, "DAP_SWJ_Pins");
    if (!reader)
        return tl::unexpected(reader.error());
    return reader->u8();
}

} // namespace kps::jigs::dap
