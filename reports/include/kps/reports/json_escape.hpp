#pragma once
// The station's one JSON string escaper, for every JSON text it writes by hand
// (listings, `kps listing open --json`): '"' and '\' escaped, \n \r \t by name, other
// control characters as \u00XX, every other byte (UTF-8 included) as it is. It writes
// byte by byte into any sink, so a secret can go straight into locked memory.
#include <QByteArray>
#include <QByteArrayView>
#include <cstdint>
#include <span>

namespace kps::reports {

/// Writes the escaped form of `utf8` (without quotes) through `put(char)`.
template <class Put> void escapeJsonString(std::span<const std::uint8_t> utf8, Put&& put) {
    static constexpr char kHex[] = "0123456789abcdef";
    for (const std::uint8_t byte : utf8) {
        switch (byte) {
        case '"':
        case '\\':
            put('\\');
            put(char(byte));
            break;
        case '\n':
            put('\\');
            put('n');
            break;
        case '\r':
            put('\\');
            put('r');
            break;
        case '\t':
            put('\\');
            put('t');
            break;
        default:
            if (byte < 0x20) {
                for (const char c : {'\\', 'u', '0', '0'})
                    put(c);
                put(kHex[byte >> 4]);
                put(kHex[byte & 15]);
            } else {
                put(char(byte));
            }
        }
    }
}

/// `utf8` as a JSON string, quotes included.
inline QByteArray jsonQuoted(QByteArrayView utf8) {
    QByteArray out;
    out.reserve(utf8.size() + 2);
    out += '"';
    escapeJsonString({reinterpret_cast<const std::uint8_t*>(utf8.data()), std::size_t(utf8.size())},
                     [&out](char c) { out += c; });
    out += '"';
    return out;
}

} // namespace kps::reports
