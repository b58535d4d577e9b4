#include "kps/secure/secret_bytes.hpp"

#include "kps/secure/secure_vector.hpp"

#include <cstring>
#include <openssl/crypto.h>
#include <utility>

namespace kps::secure {

void secureWipe(void* data, std::size_t size) {
    if (data && size)
        OPENSSL_cleanse(data, size);
}

bool secretEquals(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

SecretBytes::SecretBytes(std::size_t size) {
    auto block = detail::secureAllocate(size);
    data_ = block.data;
    capacity_ = block.capacity;
    size_ = size;
    std::memset(data_, 0, capacity_);
}

SecretBytes::SecretBytes(SecretBytes&& other) noexcept
    : data_(std::exchange(other.data_, nullptr))
    , size_(std::exchange(other.size_, 0))
    , capacity_(std::exchange(other.capacity_, 0)) {}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
    if (this != &other) {
        release();
        data_ = std::exchange(other.data_, nullptr);
        size_ = std::exchange(other.size_, 0);
        capacity_ = std::exchange(other.capacity_, 0);
    }
    return *this;
}

SecretBytes::~SecretBytes() {
    release();
}

SecretBytes SecretBytes::copyOf(std::span<const std::uint8_t> bytes) {
    SecretBytes secret(bytes.size());
    if (!bytes.empty())
        std::memcpy(secret.data_, bytes.data(), bytes.size());
    return secret;
}

void SecretBytes::shrink(std::size_t newSize) {
    if (newSize >= size_)
        return;
    secureWipe(data_ + newSize, size_ - newSize);
    size_ = newSize;
}

void SecretBytes::wipe() {
    secureWipe(data_, capacity_);
}

void SecretBytes::release() noexcept {
    if (data_)
        detail::secureFree({data_, capacity_});
    data_ = nullptr;
    size_ = capacity_ = 0;
}

} // namespace kps::secure
