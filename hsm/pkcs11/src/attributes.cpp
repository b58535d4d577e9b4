#include "kps/hsm/attributes.hpp"

#include <cstring>

namespace kps::hsm {

Attributes& Attributes::owned(CK_ATTRIBUTE_TYPE type, std::vector<std::uint8_t> value) {
    storage_.push_back(std::move(value));
    auto& stored = storage_.back();
    attributes_.push_back({type, stored.data(), static_cast<CK_ULONG>(stored.size())});
    return *this;
}

Attributes& Attributes::flag(CK_ATTRIBUTE_TYPE type, bool value) {
    return owned(type, {static_cast<std::uint8_t>(value ? CK_TRUE : CK_FALSE)});
}

Attributes& Attributes::number(CK_ATTRIBUTE_TYPE type, CK_ULONG value) {
    std::vector<std::uint8_t> raw(sizeof value);
    std::memcpy(raw.data(), &value, sizeof value);
    return owned(type, std::move(raw));
}

Attributes& Attributes::bytes(CK_ATTRIBUTE_TYPE type, std::span<const std::uint8_t> value) {
    return owned(type, {value.begin(), value.end()});
}

Attributes& Attributes::text(CK_ATTRIBUTE_TYPE type, std::string_view value) {
    return owned(type, {value.begin(), value.end()});
}

Attributes& Attributes::reference(CK_ATTRIBUTE_TYPE type, std::span<const std::uint8_t> value) {
    attributes_.push_back(
        {type, const_cast<std::uint8_t*>(value.data()), static_cast<CK_ULONG>(value.size())});
    return *this;
}

} // namespace kps::hsm
