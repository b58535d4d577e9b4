#pragma once
// DAP_TransferBlock (0x06): many accesses to one register (DRW with auto-increment).
//   request  06 dapIndex count(u16) request(u8) [data(u32) x count: writes]
//   response 06 count(u16, executed) response(u8) [data(u32) x count: reads]
#include "kps/jigs/dap/dap_packet.hpp"
#include "kps/jigs/dap/dap_transfer.hpp"

namespace kps::jigs::dap {

constexpr std::size_t kTransferBlockHeader = 5;   // id, index, count(2), request
constexpr std::size_t kTransferBlockResponse = 4; // id, count(2), response

inline Packet encodeTransferBlockWrite(std::uint8_t requestByte,
                                       std::span<const std::uint32_t> values,
                                       std::uint8_t dapIndex = 0) {
    Packet packet = startPacket(CommandId::TransferBlock, kTransferBlockHeader + 4 * values.size());
    putU8(packet, dapIndex);
    putU16(packet, static_cast<std::uint16_t>(values.size()));
    putU8(packet, static_cast<std::uint8_t>(requestByte & ~request::read));
    for (std::uint32_t value : values)
        putU32(packet, value);
    return packet;
}

inline Packet encodeTransferBlockRead(std::uint8_t requestByte, std::uint16_t count,
                                      std::uint8_t dapIndex = 0) {
    Packet packet = startPacket(CommandId::TransferBlock);
    putU8(packet, dapIndex);
    putU16(packet, count);
    putU8(packet, static_cast<std::uint8_t>(requestByte | request::read));
    return packet;
}

struct TransferBlockResult {
    std::uint16_t executed = 0;
    std::uint8_t response = 0;
    bool ok(std::size_t requested) const {
        return executed == requested && (response & 0x1F) == ack::ok;
    }
};

/// Decodes the header; read data (executed words) is copied into `reads` when given.
inline Result<TransferBlockResult> decodeTransferBlock(std::span<const std::uint8_t> response,
                                                       std::span<std::uint32_t> reads = {}) {
    auto reader = openResponse(response, CommandId::TransferBlock, kTransferBlockResponse,
                               "DAP_TransferBlock");
    if (!reader)
        return tl::unexpected(reader.error());
    TransferBlockResult result;
    result.executed = reader->u16();
    result.response = reader->u8();
    if (!reads.empty()) {
        if (result.executed > reads.size())
            return malformed("DAP_TransferBlock", "more words than were asked for");
        for (std::size_t i = 0; i < result.executed; ++i)
            reads[i] = reader->u32();
    }
    if (reader->isShort())
        return malformed("DAP_TransferBlock", "read data missing from the response");
    return result;
}

} // namespace kps::jigs::dap
