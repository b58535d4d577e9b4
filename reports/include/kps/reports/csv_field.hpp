#pragma once
// The station's one way to write a CSV field (RFC 4180), for every CSV it writes (the
// listing CSV `kps listing open` prints, the report's endpoint CSV). Spreadsheets run a
// cell that begins with = + - @ (or a tab or carriage return) as a formula, so such a
// field is neutralised as OWASP recommends: a single quote goes before it and the
// field is quoted. A field that begins with a single quote gets one more, so a reader
// that removes one leading quote always gets the value back (the key-CSV reader does).
// It writes byte by byte into any sink, so a password can go straight into locked memory.
#include <QByteArray>
#include <cstdint>
#include <span>

namespace kps::reports {

/// Whether a field starting with this byte is written behind a single quote.
constexpr bool csvNeedsGuard(std::uint8_t first) {
    return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' ||
           first == '\r' || first == '\'';
}

/// Writes `value` as one CSV field through `put(char)`.
template <class Put> void writeCsvField(std::span<const std::uint8_t> value, Put&& put) {
    const bool guard = !value.empty() && csvNeedsGuard(value.front());
    bool quote = guard;
    for (const std::uint8_t c : value)
        quote = quote || c == ',' || c == '"' || c == '\n' || c == '\r';
    if (quote)
        put('"');
    if (guard)
        put('\'');
    for (const std::uint8_t c : value) {
        if (c == '"')
            put('"');
        put(char(c));
    }
    if (quote)
        put('"');
}

/// The single quote a guarded field carries, if `field` (as read, unquoted) has one.
constexpr std::size_t csvGuardLength(std::span<const std::uint8_t> field) {
    return !field.empty() && field.front() == '\'' ? 1 : 0;
}

} // namespace kps::reports
