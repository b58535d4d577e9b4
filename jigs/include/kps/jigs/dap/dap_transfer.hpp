#pragma once
// DAP_Transfer (0x05): a batch of DP/AP register accesses.
//   request  05 dapIndex count { request(u8) [data(u32): writes, match value, match mask] }
//   response 05 count(executed) response(u8: ACK bits 0-2, SWD error bit 3, mismatch bit 4)
//            data(u32) for every plain read
// Request bits: 0 APnDP, 1 RnW, 2-3 A[3:2], 4 value match, 5 match mask.
// `count` in the response is the number of transfers that completed; when it is
// smaller than the request's, the transfer at that index failed with `response`.
#include "kps/jigs/dap/dap_packet.hpp"
#include "kps/secure/secure_vector.hpp"

#include <algorithm>

namespace kps::jigs::dap {

namespace request {
constexpr std::uint8_t ap = 1u << 0;
constexpr std::uint8_t read = 1u << 1;
constexpr std::uint8_t valueMatch = 1u << 4;
constexpr std::uint8_t matchMask = 1u << 5;
} // namespace request

enum class Port : std::uint8_t { Dp = 0, Ap = 1 };

/// A register request byte: port, direction and register address (0x0, 0x4, 0x8, 0xC).
constexpr std::uint8_t registerRequest(Port port, bool read, std::uint8_t address) {
    return static_cast<std::uint8_t>((port == Port::Ap ? request::ap : 0) |
                                     (read ? request::read : 0) | (address & 0x0C));
}

namespace ack {
constexpr std::uint8_t ok = 1;
constexpr std::uint8_t wait = 2;
constexpr std::uint8_t fault = 4;
constexpr std::uint8_t noAck = 7;
constexpr std::uint8_t swdError = 1u << 3;
constexpr std::uint8_t mismatch = 1u << 4;
} // namespace ack

struct TransferItem {
    std::uint8_t request = 0;
    std::uint32_t data = 0; // write value, match value or match mask; unused for plain reads
};

constexpr std::size_t kTransferHeader = 3; // id, index, count (request and response)

constexpr bool carriesData(std::uint8_t requestByte) {
    return !(requestByte & request::read) || (requestByte & request::valueMatch);
}
constexpr bool returnsData(std::uint8_t requestByte) {
    return (requestByte & request::read) && !(requestByte & request::valueMatch);
}

struct TransferResult {
    std::uint8_t executed = 0;
    std::uint8_t response = 0;
    secure::SecureVector<std::uint32_t> reads; // one per completed plain read (read-backs
                                               // of the key store among them)
    bool ok(std::size_t requested) const {
        return executed == requested && (response & 0x1F) == ack::ok;
    }
};

inline Packet encodeTransfer(std::span<const TransferItem> items, std::uint8_t dapIndex = 0) {
    Packet packet = startPacket(CommandId::Transfer, kTransferHeader + 5 * items.size());
    putU8(packet, dapIndex);
    putU8(packet, static_cast<std::uint8_t>(items.size()));
    for (const TransferItem& item : items) {
        putU8(packet, item.request);
        if (carriesData(item.request))
            putU32(packet, item.data);
    }
    return packet;
}

inline Result<TransferResult> decodeTransfer(std::span<const std::uint8_t> response,
                                             std::span<const TransferItem> items) {
    auto reader = openResponse(response, CommandId::Transfer, 3, "DAP_Transfer");
    if (!reader)
        return tl::unexpected(reader.error());
    TransferResult result;
    result.executed = reader->u8();
    result.response = reader->u8();
    if (result.executed > items.size())
        return malformed("DAP_Transfer", "the probe reports more transfers than were sent");
    result.reads.reserve(std::size_t(
        std::count_if(items.begin(), items.begin() + result.executed,
                      [](const TransferItem& item) { return returnsData(item.request); })));
    for (std::size_t i = 0; i < result.executed; ++i)
        if (returnsData(items[i].request))
            result.reads.push_back(reader->u32());
    if (reader->isShort())
        return malformed("DAP_Transfer", "read data missing from the response");
    return result;
}

} // namespace kps::jigs::dap
