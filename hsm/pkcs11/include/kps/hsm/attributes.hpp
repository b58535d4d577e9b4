#pragma once
// A PKCS#11 attribute template that owns the values it points to (except secret
// values, which it only references so they are never copied out of SecretBytes).
#include <cstdint>
#include <deque>
#include <p11-kit/pkcs11.h>
#include <span>
#include <string_view>
#include <vector>

namespace kps::hsm {

class Attributes {
public:
    Attributes() = default;
    Attributes(const Attributes&) = delete;
    Attributes& operator=(const Attributes&) = delete;
    Attributes(Attributes&&) = default;
    Attributes& operator=(Attributes&&) = default;

    Attributes& flag(CK_ATTRIBUTE_TYPE type, bool value);
    Attributes& number(CK_ATTRIBUTE_TYPE type, CK_ULONG value);
    Attributes& bytes(CK_ATTRIBUTE_TYPE type, std::span<const std::uint8_t> value);
    Attributes& text(CK_ATTRIBUTE_TYPE type, std::string_view value);
    /// References caller-owned bytes without copying (for CKA_VALUE of secrets).
    Attributes& reference(CK_ATTRIBUTE_TYPE type, std::span<const std::uint8_t> value);

    CK_ATTRIBUTE* data() { return attributes_.data(); }
    CK_ULONG size() const { return static_cast<CK_ULONG>(attributes_.size()); }

private:
    Attributes& owned(CK_ATTRIBUTE_TYPE type, std::vector<std::uint8_t> value);
    std::vector<CK_ATTRIBUTE> attributes_;
    std::deque<std::vector<std::uint8_t>> storage_;
};

} // namespace kps::hsm
