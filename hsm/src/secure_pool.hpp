#pragma once
// Backing store of SecretBytes: size-classed blocks carved from mlock'ed,
// MADV_DONTDUMP chunks. Freed blocks are wiped before they go back to a list.
#include <cstddef>
#include <cstdint>

namespace kps::hsm::detail {

struct SecureBlock {
    std::uint8_t* data = nullptr;
    std::size_t capacity = 0;
};

SecureBlock secureAllocate(std::size_t size);
void secureFree(SecureBlock block) noexcept;

} // namespace kps::hsm::detail
