#pragma once
// Secret bytes as 32-bit little-endian words (a key-store record on its way through a
// 32-bit bus), in the same locked, wiped memory as SecretBytes. Fixed size, move-only.
#include "kps/secure/secure_vector.hpp"

#include <cstdint>
#include <span>

namespace kps::secure {

class SecretWords {
public:
    /// `count` words, all zero.
    explicit SecretWords(std::size_t count);
    /// The bytes packed little-endian; a last partial word is padded with zeros.
    static SecretWords fromBytes(std::span<const std::uint8_t> bytes);
    SecretWords(SecretWords&&) noexcept = default;
    SecretWords& operator=(SecretWords&&) noexcept = default;
    SecretWords(const SecretWords&) = delete;
    SecretWords& operator=(const SecretWords&) = delete;

    std::span<std::uint32_t> span() { return words_; }
    std::span<const std::uint32_t> span() const { return words_; }
    std::size_t size() const { return words_.size(); }
    /// The first bytes.size() bytes, unpacked little-endian.
    void copyTo(std::span<std::uint8_t> bytes) const;
    /// Constant-time comparison.
    bool equals(const SecretWords& other) const;

private:
    SecureVector<std::uint32_t> words_;
};

} // namespace kps::secure
