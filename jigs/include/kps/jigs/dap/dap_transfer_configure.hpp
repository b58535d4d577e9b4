#pragma once
// DAP_TransferConfigure (0x04): idle cycles after a transfer, WAIT retries and
// value-match retries.
//   request  04 idle(u8) waitRetry(u16) matchRetry(u16)
//   response 04 status
#include "kps/jigs/dap/dap_packet.hpp"

namespace kps::jigs::dap {

struct TransferConfig {
    std::uint8_t idleCycles = 0;
    std::uint16_t waitRetry = 64;
    std::uint16_t matchRetry = 64;
};

inline Packet encodeTransferConfigure(const TransferConfig& config) {
    Packet packet = startPacket(CommandId::TransferConfigure);
    putU8(packet, config.idleCycles);
    putU16(packet, config.waitRetry);
    putU16(packet, config.matchRetry);
    return packet;
}

inline Status decodeTransferConfigure(std::span<const std::uint8_t> response) {
    return decodeStatusResponse(response, CommandId::TransferConfigure, "DAP_TransferConfigure");
}

} // namespace kps::jigs::dap
