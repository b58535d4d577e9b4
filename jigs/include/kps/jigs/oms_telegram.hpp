#pragma once
// Wireless M-Bus telegrams with OMS security mode 5 (OMS Vol. 2, 9.2.4 / Annex N):
// AES-128-CBC without padding, IV = M(2) || A(6) || access number x 8; the
// plaintext starts with 2F2F and is filled with 2F to whole blocks; the TPL
// configuration field says mode 5 and the number of encrypted blocks.
// Layout: L C M(2) A(6) CI=7A ACC STS CFG(2) | encrypted blocks | unencrypted rest.
#include "kps/jigs/jig_error.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace kps::jigs::oms {

constexpr std::uint8_t kShortTpl = 0x7A;
constexpr std::size_t kHeaderSize = 15;

struct Mode5Frame {
    std::array<std::uint8_t, 8> address{}; // M (2, little-endian) and A (ID 4, version, type)
    std::uint8_t control = 0x44;           // SND-NR
    std::uint8_t accessNumber = 0;
    std::uint8_t status = 0;
    /// Configuration bits besides mode and block count: B, A, S (13: synchronous, as a
    /// meter's periodic readings are), content and hop count.
    std::uint16_t configurationFlags = 0x2000;
};

std::array<std::uint8_t, 16> mode5Iv(const std::array<std::uint8_t, 8>& address,
                                     std::uint8_t accessNumber);

/// Encrypts `plaintext` (2F2F first; filled with 2F to whole blocks) into a telegram.
Result<std::vector<std::uint8_t>> encryptMode5(std::span<const std::uint8_t> key,
                                               const Mode5Frame& frame,
                                               std::span<const std::uint8_t> plaintext);
/// Decrypts the encrypted blocks of a mode 5 telegram; fails unless they start 2F2F.
Result<std::vector<std::uint8_t>> decryptMode5(std::span<const std::uint8_t> key,
                                               std::span<const std::uint8_t> telegram);

} // namespace kps::jigs::oms
