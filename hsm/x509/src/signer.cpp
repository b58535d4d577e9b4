#include "kps/x509/signer.hpp"

#include <array>
#include <openssl/sha.h>

namespace kps::x509 {

Result<Der> Signer::signData(std::span<const std::uint8_t> data) {
    std::array<std::uint8_t, 32> digest;
    SHA256(data.data(), data.size(), digest.data());
    return signDigest(digest);
}

} // namespace kps::x509
