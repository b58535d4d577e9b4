// libFuzzer target: the key-store record codec on arbitrary flash pages. A record
// that decodes must encode back to the same bytes.
#include "kps/jigs/keystore_record.hpp"

#include <cstdlib>
#include <vector>

using namespace kps::jigs;

namespace {

/// The input with magic, version, length and CRC made right, so that mutations of
/// the body reach the entry parser instead of dying at the CRC.
std::vector<std::uint8_t> withValidFrame(const std::uint8_t* data, std::size_t size) {
    std::vector<std::uint8_t> record(data, data + size);
    const std::uint32_t magic = kKeyStoreMagic;
    for (int i = 0; i < 4; ++i)
        record[std::size_t(i)] = std::uint8_t(magic >> (8 * i));
    record[4] = kKeyStoreVersion & 0xFF;
    record[5] = kKeyStoreVersion >> 8;
    record[6] = std::uint8_t(size);
    record[7] = std::uint8_t(size >> 8);
    const std::uint32_t crc = crc32(std::span(record).first(size - 4));
    for (int i = 0; i < 4; ++i)
        record[size - 4 + std::size_t(i)] = std::uint8_t(crc >> (8 * i));
    return record;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<std::uint8_t> framed;
    if (size >= 24 && size <= kKeyStoreMaxSize)
        framed = withValidFrame(data, size);
    const std::span<const std::uint8_t> page =
        framed.empty() ? std::span<const std::uint8_t>(data, size) : std::span(framed);
    (void)recordLengthInPage(std::span(data, size));
    auto decoded = decodeKeyStore(page);
    if (!decoded)
        return 0;
    std::vector<std::uint8_t> again(keyStoreSize(*decoded));
    if (again.size() > kKeyStoreMaxSize || !encodeKeyStore(*decoded, again))
        return 0;
    auto twice = decodeKeyStore(again);
    if (!twice || twice->keys.size() != decoded->keys.size())
        std::abort(); // what we wrote we must read back
    return 0;
}
