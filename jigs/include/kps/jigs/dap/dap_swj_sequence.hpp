#pragma once
// DAP_SWJ_Sequence (0x12): clocks a bit sequence out on SWDIO/TMS, LSB first.
//   request  12 count(u8, 0 means 256) data[ceil(count/8)]
//   response 12 status
#include "kps/jigs/dap/dap_packet.hpp"

#include <array>

namespace kps::jigs::dap {

inline Packet encodeSwjSequence(unsigned bitCount, std::span<const std::uint8_t> bits) {
    Packet packet = startPacket(CommandId::SwjSequence);
    putU8(packet, static_cast<std::uint8_t>(bitCount == 256 ? 0 : bitCount));
    const std::size_t bytes = (bitCount + 7) / 8;
    packet.insert(packet.end(), bits.begin(), bits.begin() + std::ptrdiff_t(bytes));
    return packet;
}

inline Status decodeSwjSequence(std::span<const std::uint8_t> response) {
    return decodeStatusResponse(response, CommandId::SwjSequence, "DAP_SWJ_Sequence");
}

/// Line reset (56 ones), JTAG-to-SWD switch (0xE79E), line reset, 8 idle cycles:
/// 136 bits, after which the SW-DP expects a DPIDR read.
inline constexpr std::array<std::uint8_t, 17> kJtagToSwdSequence = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x9E, 0xE7,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00};
inline constexpr unsigned kJtagToSwdBits = 136;

} // namespace kps::jigs::dap
