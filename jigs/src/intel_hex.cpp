// Intel HEX (Intel's "Hexadecimal Object File Format Specification", rev. A):
// records ":LLAAAATT<data>CC", one per line; types 00 data, 01 end of file,
// 02 extended segment address, 03 start segment address, 04 extended linear address,
// 05 start linear address. The checksum makes the record's bytes sum to zero.
#include "kps/jigs/firmware_image.hpp"

#include <cstdio>
#include <optional>

namespace kps::jigs {

namespace {

enum RecordType : std::uint8_t {
    kData = 0x00,
    kEndOfFile = 0x01,
    kExtendedSegment = 0x02,
    kStartSegment = 0x03,
    kExtendedLinear = 0x04,
    kStartLinear = 0x05,
};

std::string hex8(std::uint8_t value) {
    char text[5];
    std::snprintf(text, sizeof text, "0x%02X", value);
    return text;
}

int nibble(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

struct Record {
    std::uint8_t type = 0;
    std::uint16_t offset = 0;
    std::vector<std::uint8_t> data;
};

/// One line's record, or the reason it is not one.
std::optional<std::string> decodeRecord(std::string_view line, Record& record) {
    if (line.empty() || line.front() != ':')
        return "a record must start with ':'";
    const std::string_view digits = line.substr(1);
    if (digits.size() % 2 != 0)
        return "odd number of hex digits";
    std::vector<std::uint8_t> bytes;
    for (std::size_t i = 0; i < digits.size(); i += 2) {
        const int high = nibble(digits[i]), low = nibble(digits[i + 1]);
        if (high < 0 || low < 0)
            return "character " + std::to_string(i + (high < 0 ? 2 : 3)) + " is not a hex digit";
        bytes.push_back(std::uint8_t(high << 4 | low));
    }
    if (bytes.size() < 5)
        return "too short for a record (length, address, type and checksum)";
    if (bytes.size() != 5u + bytes[0])
        return "the length field says " + std::to_string(bytes[0]) +
               " data bytes, the record has " + std::to_string(bytes.size() - 5);
    std::uint8_t sum = 0;
    for (std::size_t i = 0; i + 1 < bytes.size(); ++i)
        sum = std::uint8_t(sum + bytes[i]);
    const std::uint8_t expected = std::uint8_t(0x100 - sum);
    if (bytes.back() != expected)
        return "checksum " + hex8(bytes.back()) + ", the record's bytes need " + hex8(expected);
    record.offset = std::uint16_t(bytes[1] << 8 | bytes[2]);
    record.type = bytes[3];
    record.data.assign(bytes.begin() + 4, bytes.end() - 1);
    return std::nullopt;
}

struct HexState {
    std::uint32_t base = 0;
    bool ended = false;
    std::vector<detail::Piece> pieces;
};

std::optional<std::string> apply(const Record& record, HexState& state, const std::string& place) {
    const std::size_t length = record.data.size();
    switch (record.type) {
    case kData:
        if (record.offset + length > 0x10000)
            return "the data runs past the end of its 64 KiB block";
        if (length > 0)
            state.pieces.push_back({state.base + record.offset, record.data, place});
        return std::nullopt;
    case kEndOfFile:
        if (length != 0)
            return "an end-of-file record carries no data";
        state.ended = true;
        return std::nullopt;
    case kExtendedSegment:
    case kExtendedLinear:
        if (length != 2 || record.offset != 0)
            return "an extended address record has 2 data bytes and address 0000";
        state.base = std::uint32_t(record.data[0] << 8 | record.data[1])
                     << (record.type == kExtendedLinear ? 16 : 4);
        return std::nullopt;
    case kStartSegment:
    case kStartLinear:
        if (length != 4)
            return "a start address record has 4 data bytes";
        return std::nullopt; // the entry point: the target's reset vector decides
    default:
        return "record type " + hex8(record.type) + " is not an Intel HEX record type";
    }
}

} // namespace

ImageResult<FirmwareImage> parseIntelHex(std::span<const std::uint8_t> text,
                                         const std::string& file) {
    const std::string_view all(reinterpret_cast<const char*>(text.data()), text.size());
    HexState state;
    std::size_t lineNumber = 0;
    for (std::size_t start = 0; start < all.size();) {
        std::size_t end = all.find('\n', start);
        if (end == std::string_view::npos)
            end = all.size();
        std::string_view line = all.substr(start, end - start);
        start = end + 1;
        ++lineNumber;
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
            line.remove_suffix(1);
        if (line.empty())
            continue;
        const std::string place = "line " + std::to_string(lineNumber);
        if (state.ended)
            return imageError(file, place, "a record after the end-of-file record");
        Record record;
        if (auto problem = decodeRecord(line, record))
            return imageError(file, place, *problem);
        if (auto problem = apply(record, state, place))
            return imageError(file, place, *problem);
    }
    if (!state.ended)
        return imageError(file, "line " + std::to_string(lineNumber),
                          "the file ends without an end-of-file record (:00000001FF)");
    KPS_TRY_LET(segments, detail::assemble(std::move(state.pieces), file));
    return FirmwareImage{file, ImageFormat::IntelHex, std::move(segments), detail::sha256(text)};
}

} // namespace kps::jigs
