#pragma once
// Growable buffers for secrets: a std::vector whose every buffer comes from the
// locked, never-dumped pool of SecretBytes and is wiped when it is given back - also
// the buffers the vector outgrows, which a plain vector leaves behind in the heap
// with whatever it held. Reserve what is known up front: each growth is a copy.
#include <cstddef>
#include <cstdint>
#include <new>
#include <vector>

namespace kps::secure {

namespace detail {

struct SecureBlock {
    std::uint8_t* data = nullptr;
    std::size_t capacity = 0;
};

/// A block of at least `size` bytes (aligned to 64), from a size class or mapped alone.
SecureBlock secureAllocate(std::size_t size);
/// Wipes the whole block and gives it back.
void secureFree(SecureBlock block) noexcept;
/// The capacity secureAllocate(size) gives.
std::size_t secureCapacity(std::size_t size) noexcept;

constexpr std::size_t kSecureAlignment = 64;

} // namespace detail

template <class T> class SecureAllocator {
public:
    static_assert(alignof(T) <= detail::kSecureAlignment);
    using value_type = T;

    SecureAllocator() noexcept = default;
    template <class U> SecureAllocator(const SecureAllocator<U>&) noexcept {}

    T* allocate(std::size_t count) {
        if (count > std::size_t(-1) / sizeof(T))
            throw std::bad_array_new_length();
        return reinterpret_cast<T*>(detail::secureAllocate(count * sizeof(T)).data);
    }
    void deallocate(T* pointer, std::size_t count) noexcept {
        const std::size_t size = count * sizeof(T);
        detail::secureFree(
            {reinterpret_cast<std::uint8_t*>(pointer), detail::secureCapacity(size)});
    }
    template <class U> bool operator==(const SecureAllocator<U>&) const noexcept { return true; }
};

template <class T> using SecureVector = std::vector<T, SecureAllocator<T>>;

} // namespace kps::secure
