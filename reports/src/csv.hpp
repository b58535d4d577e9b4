#pragma once
// RFC 4180 CSV: one field quoted when it must be, and one record split into fields.
#include "kps/secure/secret_bytes.hpp"

#include <QByteArray>
#include <QByteArrayList>
#include <optional>
#include <vector>

namespace kps::reports::csv {

/// The field as it goes into a record (kps/reports/csv_field.hpp: quoted if it holds a
/// comma, quote or line break; neutralised if a spreadsheet would take it for a formula).
QByteArray field(const QByteArray& value);
/// One record (without its line break) from fields.
QByteArray record(const QByteArrayList& fields);
/// Splits one record (without its line break) that holds secrets, every field
/// unquoted into locked memory; nullopt if a quote is unbalanced.
std::optional<std::vector<secure::SecretBytes>> splitSecret(std::span<const std::uint8_t> record);

} // namespace kps::reports::csv
