#pragma once
// Wiping buffers that held key-store bytes (packets, responses, queued words).
#include <cstdint>
#include <span>
#include <string.h>
#include <vector>

namespace kps::jigs {

inline void wipe(std::span<std::uint8_t> bytes) noexcept {
    if (!bytes.empty())
        explicit_bzero(bytes.data(), bytes.size());
}
inline void wipe(std::span<std::uint32_t> words) noexcept {
    if (!words.empty())
        explicit_bzero(words.data(), words.size_bytes());
}
template <class T> void wipe(std::vector<T>& vector) noexcept {
    if (!vector.empty())
        explicit_bzero(vector.data(), vector.size() * sizeof(T));
    vector.clear();
}

} // namespace kps::jigs

namespace kps::jigs {

/// Key-store bytes as little-endian words, wiped when it goes.
class SecretWords {
public:
    explicit SecretWords(std::size_t count)
        : words_(count, 0) {}
    static SecretWords fromBytes(std::span<const std::uint8_t> bytes) {
        SecretWords secret((bytes.size() + 3) / 4);
        for (std::size_t i = 0; i < bytes.size(); ++i)
            secret.words_[i / 4] |= std::uint32_t(bytes[i]) << (8 * (i % 4));
        return secret;
    }
    ~SecretWords() { wipe(std::span(words_)); }
    SecretWords(SecretWords&& other) noexcept = default;
    SecretWords(const SecretWords&) = delete;
    SecretWords& operator=(const SecretWords&) = delete;

    std::span<std::uint32_t> span() { return words_; }
    std::span<const std::uint32_t> span() const { return words_; }
    void copyTo(std::span<std::uint8_t> bytes) const {
        for (std::size_t i = 0; i < bytes.size(); ++i)
            bytes[i] = static_cast<std::uint8_t>(words_[i / 4] >> (8 * (i % 4)));
    }
    /// Constant-time comparison.
    bool equals(const SecretWords& other) const {
        if (other.words_.size() != words_.size())
            return false;
        std::uint32_t difference = 0;
        for (std::size_t i = 0; i < words_.size(); ++i)
            difference |= words_[i] ^ other.words_[i];
        return difference == 0;
    }

private:
    std::vector<std::uint32_t> words_;
};

} // namespace kps::jigs
