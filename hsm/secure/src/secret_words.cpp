#include "kps/secure/secret_words.hpp"

namespace kps::secure {

SecretWords::SecretWords(std::size_t count)
    : words_(count, 0) {}

SecretWords SecretWords::fromBytes(std::span<const std::uint8_t> bytes) {
    SecretWords secret((bytes.size() + 3) / 4);
    for (std::size_t i = 0; i < bytes.size(); ++i)
        secret.words_[i / 4] |= std::uint32_t(bytes[i]) << (8 * (i % 4));
    return secret;
}

void SecretWords::copyTo(std::span<std::uint8_t> bytes) const {
    for (std::size_t i = 0; i < bytes.size() && i / 4 < words_.size(); ++i)
        bytes[i] = static_cast<std::uint8_t>(words_[i / 4] >> (8 * (i % 4)));
}

bool SecretWords::equals(const SecretWords& other) const {
    if (other.words_.size() != words_.size())
        return false;
    std::uint32_t difference = 0;
    for (std::size_t i = 0; i < words_.size(); ++i)
        difference |= words_[i] ^ other.words_[i];
    return difference == 0;
}

} // namespace kps::secure
