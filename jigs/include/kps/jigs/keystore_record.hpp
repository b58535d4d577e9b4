#pragma once
// The reference endpoint's key-store record: what the station writes into the
// endpoint's key-store flash page. Little-endian, word-aligned, CRC-protected:
//
//   0  u32  magic 0x4B53504B ("KPSK")
//   4  u16  record format version (1)
//   6  u16  total length in bytes, CRC included
//   8  u8[8] wireless M-Bus address as sent on air
//   16 u8   key count N          17 u8 password length P     18 u16 reserved (0)
//   20 N x { u8 key id, u8 role, u8 key version, u8 length L, u8[L] value }
//   .. u8[P] password characters
//   .. zero padding to a multiple of 4
//   end u32 CRC-32 (IEEE 802.3) of every byte before it
//
// Encoding writes into a buffer the caller owns (a SecretBytes), so no key byte is
// ever copied into memory this layer cannot wipe.
#include "kps/jigs/jig_error.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace kps::jigs {

enum class KeyRole : std::uint8_t { Data = 1, Dm = 2, Local = 3, Fleet = 4 };

struct KeyEntry {
    std::uint8_t id = 0;
    KeyRole role = KeyRole::Data;
    std::uint8_t version = 1;
    std::span<const std::uint8_t> value; // 16 or 32 bytes
};

struct KeyStoreContent {
    std::array<std::uint8_t, 8> address{};
    std::vector<KeyEntry> keys;
    std::span<const std::uint8_t> password;
};

constexpr std::uint32_t kKeyStoreMagic = 0x4B53504B;
constexpr std::uint16_t kKeyStoreVersion = 1;
constexpr std::size_t kKeyStoreMaxSize = 2048; // one flash page

std::size_t keyStoreSize(const KeyStoreContent& content);
/// Encodes into `out`, which must be exactly keyStoreSize(content) bytes.
Status encodeKeyStore(const KeyStoreContent& content, std::span<std::uint8_t> out);
/// Parses a record; the spans in the result point into `record`.
Result<KeyStoreContent> decodeKeyStore(std::span<const std::uint8_t> record);
/// Length of the record at the start of a page image (from its header), or 0.
std::size_t recordLengthInPage(std::span<const std::uint8_t> page);

std::uint32_t crc32(std::span<const std::uint8_t> bytes);

} // namespace kps::jigs
