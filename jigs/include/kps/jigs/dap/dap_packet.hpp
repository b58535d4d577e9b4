#pragma once
// CMSIS-DAP v2 packets: command ids, status bytes and the little-endian reader and
// writer every command file uses. A response always starts with its command id.
#include "kps/jigs/jig_error.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace kps::jigs::dap {

using Packet = std::vector<std::uint8_t>;

enum class CommandId : std::uint8_t {
    Info = 0x00,
    HostStatus = 0x01,
    Connect = 0x02,
    Disconnect = 0x03,
    TransferConfigure = 0x04,
    Transfer = 0x05,
    TransferBlock = 0x06,
    TransferAbort = 0x07,
    WriteAbort = 0x08,
    Delay = 0x09,
    ResetTarget = 0x0A,
    SwjPins = 0x10,
    SwjClock = 0x11,
    SwjSequence = 0x12,
    SwdConfigure = 0x13,
    Vendor0 = 0x80,
    Invalid = 0xFF,
};

constexpr std::uint8_t kStatusOk = 0x00;
constexpr std::uint8_t kStatusError = 0xFF;

inline void putU8(Packet& packet, std::uint8_t value) {
    packet.push_back(value);
}
inline void putU16(Packet& packet, std::uint16_t value) {
    packet.push_back(static_cast<std::uint8_t>(value));
    packet.push_back(static_cast<std::uint8_t>(value >> 8));
}
inline void putU32(Packet& packet, std::uint32_t value) {
    for (int shift = 0; shift < 32; shift += 8)
        packet.push_back(static_cast<std::uint8_t>(value >> shift));
}
/// A packet whose buffer is made once at its final size: growing would leave copies of
/// the words written so far (key-store words among them) in freed heap memory, where
/// wipe() cannot reach them.
inline Packet startPacket(CommandId id, std::size_t finalSize = 1) {
    Packet packet;
    packet.reserve(finalSize);
    packet.push_back(static_cast<std::uint8_t>(id));
    return packet;
}

/// Reads a response field by field; any read past the end marks it short.
class Reader {
public:
    explicit Reader(std::span<const std::uint8_t> bytes)
        : bytes_(bytes) {}
    std::uint8_t u8() { return has(1) ? bytes_[at_++] : 0; }
    std::uint16_t u16() {
        if (!has(2))
            return 0;
        const auto value = static_cast<std::uint16_t>(bytes_[at_] | bytes_[at_ + 1] << 8);
        at_ += 2;
        return value;
    }
    std::uint32_t u32() {
        if (!has(4))
            return 0;
        std::uint32_t value = 0;
        for (int i = 3; i >= 0; --i)
            value = value << 8 | bytes_[at_ + std::size_t(i)];
        at_ += 4;
        return value;
    }
    std::span<const std::uint8_t> rest() const {
        return bytes_.subspan(std::min(at_, bytes_.size()));
    }
    bool isShort() const { return short_; }
    std::size_t offset() const { return at_; }

private:
    bool has(std::size_t count) {
        if (at_ + count <= bytes_.size())
            return true;
        short_ = true;
        return false;
    }
    std::span<const std::uint8_t> bytes_;
    std::size_t at_ = 0;
    bool short_ = false;
};

inline tl::unexpected<JigError> malformed(const char* what, const char* reason) {
    return fail(JigFault::Protocol, what, "CMSIS-DAP response", reason);
}

/// Checks the echoed command id and the minimum length; returns a reader past the id.
inline Result<Reader> openResponse(std::span<const std::uint8_t> response, CommandId id,
                                   std::size_t minimumLength, const char* what) {
    if (response.empty() || response[0] != static_cast<std::uint8_t>(id))
        return malformed(what, "the probe answered another command (or DAP_Invalid): "
                               "check the probe firmware");
    if (response.size() < minimumLength)
        return malformed(what, "the response is shorter than the command defines");
    Reader reader(response);
    reader.u8();
    return reader;
}

/// Commands whose whole answer is one status byte (DAP_OK or DAP_ERROR).
inline Status decodeStatusResponse(std::span<const std::uint8_t> response, CommandId id,
                                   const char* what) {
    auto reader = openResponse(response, id, 2, what);
    if (!reader)
        return tl::unexpected(reader.error());
    const std::uint8_t status = reader->u8();
    if (status != kStatusOk)
        return fail(JigFault::Protocol, what, "CMSIS-DAP probe", "the probe refused the command",
                    status);
    return {};
}

} // namespace kps::jigs::dap
