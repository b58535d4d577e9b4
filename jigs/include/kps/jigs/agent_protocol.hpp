#pragma once
// kps-agent/1, the endpoint's side of agent injection as the station sees it: the
// mailbox in the endpoint's RAM, the station's request, the status word, the trust
// anchor block in the firmware image and the transport key's derivation label. The
// endpoint application (jigs/firmware/endpoint-app/agent.h) uses the same numbers;
// docs/jigs.md, "Agent mailbox (kps-agent/1)", describes them.
#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace kps::jigs::agent {

constexpr std::uint32_t kMailbox = 0x2000C000, kMailboxSize = 4096;

// Mailbox offsets. Written by the agent:
constexpr std::uint32_t kMagic = 0x000;    // u32 "KPAG"
constexpr std::uint32_t kVersion = 0x004;  // u16 1, u16 mailbox size
constexpr std::uint32_t kStatus = 0x008;   // u32 AgentStatus
constexpr std::uint32_t kDetail = 0x00C;   // u32 the entry a failure concerns
constexpr std::uint32_t kExchange = 0x010; // u32 exchange number, from 1 after each boot
constexpr std::uint32_t kCommand = 0x014;  // u32 AgentCommand, written by the station
constexpr std::uint32_t kPhase = 0x018;    // u32 AgentPhase, the last one entered
constexpr std::uint32_t kUid64 = 0x020;    // u8[8]
constexpr std::uint32_t kAgentKey = 0x040; // u8[64] X || Y, big-endian
constexpr std::uint32_t kKcvCount = 0x080; // u32
constexpr std::uint32_t kKcvTable = 0x084; // n x { id, role, version, 0, kcv[3], 0 }
// Written by the station:
constexpr std::uint32_t kRequest = 0x100;   // the signed part, below
constexpr std::uint32_t kSignature = 0x300; // u8[64] r || s
constexpr std::uint32_t kWrapped = 0x340;   // the wrapped entries in entry order
constexpr std::uint32_t kMaxWrapped = 1024;

// The signed part at kRequest (offsets within it):
constexpr std::uint32_t kRequestMagic = 0x00;      // u32 "KPST"
constexpr std::uint32_t kRequestVersion = 0x04;    // u16 1, u8 entry count, u8 0
constexpr std::uint32_t kRequestExchange = 0x08;   // u32 echo; +0x0C u32 0
constexpr std::uint32_t kRequestUid64 = 0x10;      // u8[8] echo
constexpr std::uint32_t kRequestAddress = 0x18;    // u8[8] wireless M-Bus address
constexpr std::uint32_t kRequestAgentKey = 0x20;   // u8[64] echo
constexpr std::uint32_t kRequestStationKey = 0x60; // u8[64] the station's ephemeral key
constexpr std::uint32_t kRequestEntries = 0xA0;    // n x 8: id, role, version, length, kcv[3], 0
constexpr std::uint32_t kEntrySize = 8, kMaxEntries = 16, kMaxPassword = 64;
constexpr std::uint8_t kRolePassword = 0x80;

constexpr std::uint32_t kAgentMagic = 0x4741504B;        // "KPAG"
constexpr std::uint32_t kRequestMagicValue = 0x5453504B; // "KPST"
constexpr std::uint16_t kProtocolVersion = 1;
/// The first bytes of the transport key's context (no terminating NUL).
constexpr std::string_view kTransportLabel = "kps-agent/1 transport key";

enum class AgentCommand : std::uint32_t { None = 0, Process = 1, Restart = 2 };

enum class AgentStatus : std::uint32_t {
    Boot = 0x00,
    Waiting = 0x01, // key pair published, waiting for the request
    Working = 0x02,
    Ok = 0x03,          // key store written and read back
    Provisioned = 0x04, // booted with a valid key store (KCV table published)
    BadRequest = 0x10,  // magic, version, counts, roles or lengths
    BadSignature = 0x11,
    Foreign = 0x12,  // signed, but for another endpoint, exchange or agent key
    BadPoint = 0x13, // the station's key is not on P-256
    UnwrapFailed = 0x14,
    KcvMismatch = 0x15,
    FlashError = 0x16,
    NoTrustAnchor = 0x17,
    Hardware = 0x18, // RNG or PKA
};

enum class AgentPhase : std::uint32_t { KeyGen = 1, Waiting, Verify, Ecdh, Unwrap, Flash, Done };

// The trust anchor block in the image: u32 "KPTA", u16 version 1, u16 count (1..4),
// 8 reserved bytes, count x (X || Y); erased (0xFF) as built.
constexpr std::uint32_t kTrustAnchor = 0x08000400, kTrustAnchorSize = 512;
constexpr std::uint32_t kTrustAnchorMagic = 0x4154504B; // "KPTA"
constexpr std::size_t kMaxStationKeys = 4;
using StationKey = std::array<std::uint8_t, 64>; // X || Y of a station's signing key

/// Writes the block into a flat image loaded at `imageBase` (a .bin); false if the
/// image does not reach the block or there are no or too many keys.
inline bool patchTrustAnchor(std::span<std::uint8_t> image, std::uint32_t imageBase,
                             std::span<const StationKey> keys) {
    if (keys.empty() || keys.size() > kMaxStationKeys || kTrustAnchor < imageBase ||
        kTrustAnchor - imageBase + kTrustAnchorSize > image.size())
        return false;
    std::span<std::uint8_t> block = image.subspan(kTrustAnchor - imageBase, kTrustAnchorSize);
    std::fill(block.begin(), block.end(), 0xFF);
    const std::uint32_t head[2] = {kTrustAnchorMagic, 1u | std::uint32_t(keys.size()) << 16};
    for (std::size_t i = 0; i < 8; ++i)
        block[i] = std::uint8_t(head[i / 4] >> (8 * (i % 4)));
    std::fill_n(block.begin() + 8, 8, 0);
    for (std::size_t k = 0; k < keys.size(); ++k)
        std::copy(keys[k].begin(), keys[k].end(), block.begin() + 16 + 64 * std::ptrdiff_t(k));
    return true;
}

} // namespace kps::jigs::agent
