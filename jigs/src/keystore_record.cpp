#include "kps/jigs/keystore_record.hpp"

#include <cstring>

namespace kps::jigs {
namespace {

constexpr std::size_t kHeaderSize = 20;
constexpr std::size_t kEntryHeader = 4;

void putU16(std::uint8_t* at, std::uint16_t value) {
    at[0] = static_cast<std::uint8_t>(value);
    at[1] = static_cast<std::uint8_t>(value >> 8);
}

void putU32(std::uint8_t* at, std::uint32_t value) {
    for (int i = 0; i < 4; ++i)
        at[i] = static_cast<std::uint8_t>(value >> (8 * i));
}

std::uint16_t getU16(const std::uint8_t* at) {
    return static_cast<std::uint16_t>(at[0] | at[1] << 8);
}

std::uint32_t getU32(const std::uint8_t* at) {
    return std::uint32_t(at[0]) | std::uint32_t(at[1]) << 8 | std::uint32_t(at[2]) << 16 |
           std::uint32_t(at[3]) << 24;
}

std::size_t alignedBodySize(const KeyStoreContent& content) {
    std::size_t size = kHeaderSize + content.password.size();
    for (const auto& key : content.keys)
        size += kEntryHeader + key.value.size();
    return (size + 3) & ~std::size_t(3);
}

tl::unexpected<JigError> badRecord(const std::string& reason) {
    return fail(JigFault::Protocol, "decode key store", "key-store record", reason);
}

} // namespace

std::uint32_t crc32(std::span<const std::uint8_t> bytes) {
    std::uint32_t crc = 0xFFFFFFFFu;
    for (std::uint8_t byte : bytes) {
        crc ^= byte;
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

std::size_t keyStoreSize(const KeyStoreContent& content) {
    return alignedBodySize(content) + 4;
}

Status encodeKeyStore(const KeyStoreContent& content, std::span<std::uint8_t> out) {
    const std::size_t size = keyStoreSize(content);
    if (out.size() != size || size > kKeyStoreMaxSize || content.keys.size() > 255 ||
        content.password.size() > 255)
        return fail(JigFault::Protocol, "encode key store", "key-store record",
                    "the record does not fit the key-store page");
    std::memset(out.data(), 0, size);
    std::uint8_t* at = out.data();
    putU32(at, kKeyStoreMagic);
    putU16(at + 4, kKeyStoreVersion);
    putU16(at + 6, static_cast<std::uint16_t>(size));
    std::memcpy(at + 8, content.address.data(), 8);
    at[16] = static_cast<std::uint8_t>(content.keys.size());
    at[17] = static_cast<std::uint8_t>(content.password.size());
    at += kHeaderSize;
    for (const auto& key : content.keys) {
        at[0] = key.id;
        at[1] = static_cast<std::uint8_t>(key.role);
        at[2] = key.version;
        at[3] = static_cast<std::uint8_t>(key.value.size());
        std::memcpy(at + kEntryHeader, key.value.data(), key.value.size());
        at += kEntryHeader + key.value.size();
    }
    if (!content.password.empty())
        std::memcpy(at, content.password.data(), content.password.size());
    putU32(out.data() + size - 4, crc32(out.first(size - 4)));
    return {};
}

std::size_t recordLengthInPage(std::span<const std::uint8_t> page) {
    if (page.size() < kHeaderSize || getU32(page.data()) != kKeyStoreMagic)
        return 0;
    const std::size_t length = getU16(page.data() + 6);
    return length <= page.size() ? length : 0;
}

Result<KeyStoreContent> decodeKeyStore(std::span<const std::uint8_t> record) {
    if (record.size() < kHeaderSize + 4 || record.size() > kKeyStoreMaxSize)
        return badRecord("the record is shorter than its header or longer than a page");
    if (getU32(record.data()) != kKeyStoreMagic)
        return badRecord("no key-store magic: the page is blank or foreign");
    if (getU16(record.data() + 4) != kKeyStoreVersion)
        return badRecord("unknown record format version");
    if (getU16(record.data() + 6) != record.size())
        return badRecord("the length field does not match the record");
    if (crc32(record.first(record.size() - 4)) != getU32(record.data() + record.size() - 4))
        return badRecord("CRC mismatch: the record is corrupt");
    KeyStoreContent content;
    std::memcpy(content.address.data(), record.data() + 8, 8);
    const std::size_t count = record[16];
    const std::size_t passwordLength = record[17];
    std::size_t offset = kHeaderSize;
    const std::size_t end = record.size() - 4;
    for (std::size_t i = 0; i < count; ++i) {
        if (offset + kEntryHeader > end)
            return badRecord("key entry runs past the record");
        const std::size_t length = record[offset + 3];
        if (offset + kEntryHeader + length > end)
            return badRecord("key value runs past the record");
        content.keys.push_back({record[offset], static_cast<KeyRole>(record[offset + 1]),
                                record[offset + 2], record.subspan(offset + kEntryHeader, length)});
        offset += kEntryHeader + length;
    }
    if (offset + passwordLength > end)
        return badRecord("password runs past the record");
    content.password = record.subspan(offset, passwordLength);
    return content;
}

} // namespace kps::jigs
