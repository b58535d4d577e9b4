#pragma once
// DAP_Info (0x00): probe identity and capabilities.
//   request  00 id
//   response 00 len data[len]   (strings are NUL-terminated; numbers little-endian)
#include "kps/jigs/dap/dap_packet.hpp"

#include <string>

namespace kps::jigs::dap {

enum class InfoId : std::uint8_t {
    Vendor = 0x01,
    Product = 0x02,
    SerialNumber = 0x03,
    ProtocolVersion = 0x04,
    TargetVendor = 0x05,
    TargetName = 0x06,
    BoardVendor = 0x07,
    BoardName = 0x08,
    FirmwareVersion = 0x09,
    Capabilities = 0xF0,
    PacketCount = 0xFE,
    PacketSize = 0xFF,
};

inline Packet encodeInfo(InfoId id) {
    Packet packet = startPacket(CommandId::Info);
    putU8(packet, static_cast<std::uint8_t>(id));
    return packet;
}

/// The raw info bytes (empty when the probe does not know the item).
inline Result<std::vector<std::uint8_t>> decodeInfo(std::span<const std::uint8_t> response) {
    auto reader = openResponse(response, CommandId::Info, 2, "DAP_Info");
    if (!reader)
        return tl::unexpected(reader.error());
    const std::size_t length = reader->u8();
    if (reader->rest().size() < length)
        return malformed("DAP_Info", "the info item runs past the response");
    auto data = reader->rest().first(length);
    return std::vector<std::uint8_t>(data.begin(), data.end());
}

inline std::string infoString(std::span<const std::uint8_t> data) {
    std::string text(data.begin(), data.end());
    if (auto nul = text.find('\0'); nul != std::string::npos)
        text.resize(nul);
    return text;
}

inline std::uint32_t infoNumber(std::span<const std::uint8_t> data) {
    std::uint32_t value = 0;
    for (std::size_t i = data.size(); i-- > 0;)
        value = value << 8 | data[i];
    return value;
}

} // namespace kps::jigs::dap
