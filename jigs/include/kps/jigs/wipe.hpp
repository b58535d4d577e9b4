#pragma once
// Wiping buffers that held key-store bytes (packets, responses, queued words), with
// the secure-memory library's wipe. Buffers that hold key-store words for longer
// (records, read-backs, queued writes) are secure::SecretWords and
// secure::SecureVector, whose memory is locked and wiped when it is given back.
#include "kps/secure/secret_bytes.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace kps::jigs {

inline void wipe(std::span<std::uint8_t> bytes) noexcept {
    secure::secureWipe(bytes.data(), bytes.size());
}
inline void wipe(std::span<std::uint32_t> words) noexcept {
    secure::secureWipe(words.data(), words.size_bytes());
}
/// Wipes the elements and empties the vector (its capacity stays, wiped).
template <class T, class Allocator> void wipe(std::vector<T, Allocator>& vector) noexcept {
    secure::secureWipe(vector.data(), vector.size() * sizeof(T));
    vector.clear();
}

} // namespace kps::jigs
