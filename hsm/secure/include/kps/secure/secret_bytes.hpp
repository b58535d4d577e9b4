#pragma once
// The one container for secret bytes on the host: key values on their way to an
// endpoint, PINs, passwords. Memory is locked (never swapped), excluded from core
// dumps, and wiped when the object dies. Move-only; it has no conversion to any
// string type and no stream operator, so a log line cannot print it.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace kps::secure {

class SecretBytes {
public:
    SecretBytes() = default;
    explicit SecretBytes(std::size_t size);
    SecretBytes(const SecretBytes&) = delete;
    SecretBytes& operator=(const SecretBytes&) = delete;
    SecretBytes(SecretBytes&& other) noexcept;
    SecretBytes& operator=(SecretBytes&& other) noexcept;
    ~SecretBytes();

    /// Copies (and does not wipe) the source; the caller wipes its own copy.
    static SecretBytes copyOf(std::span<const std::uint8_t> bytes);

    std::uint8_t* data() { return data_; }
    const std::uint8_t* data() const { return data_; }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    std::span<std::uint8_t> span() { return {data_, size_}; }
    std::span<const std::uint8_t> span() const { return {data_, size_}; }
    /// For C APIs that take chars (PKCS#11 PINs); the view dies with this object.
    std::string_view chars() const { return {reinterpret_cast<const char*>(data_), size_}; }

    /// Shortens the visible size (the tail is wiped); never grows.
    void shrink(std::size_t newSize);
    void wipe();

private:
    void release() noexcept;
    std::uint8_t* data_ = nullptr;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
};

/// Constant-time comparison of two secret spans of equal length.
bool secretEquals(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);

/// Wipes any buffer in a way the compiler cannot elide.
void secureWipe(void* data, std::size_t size);

} // namespace kps::secure
