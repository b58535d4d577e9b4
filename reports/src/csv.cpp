#include "csv.hpp"

#include "kps/reports/csv_field.hpp"

namespace kps::reports::csv {

QByteArray field(const QByteArray& value) {
    QByteArray out;
    out.reserve(value.size() + 3);
    writeCsvField(
        {reinterpret_cast<const std::uint8_t*>(value.constData()), std::size_t(value.size())},
        [&out](char c) { out += c; });
    return out;
}

QByteArray record(const QByteArrayList& fields) {
    QByteArray line;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i)
            line += ',';
        line += field(fields[i]);
    }
    return line;
}

std::optional<std::vector<secure::SecretBytes>> splitSecret(std::span<const std::uint8_t> record) {
    // Field boundaries first, then each field copied (unquoted) into its own buffer.
    std::vector<secure::SecretBytes> fields;
    std::size_t start = 0;
    bool quoted = false;
    for (std::size_t i = 0; i <= record.size(); ++i) {
        const bool end = i == record.size();
        if (!end && record[i] == '"')
            quoted = !quoted;
        if (!end && (quoted || record[i] != ','))
            continue;
        if (quoted)
            return std::nullopt;
        auto field = record.subspan(start, i - start);
        const bool wasQuoted = field.size() >= 2 && field.front() == '"' && field.back() == '"';
        if (wasQuoted)
            field = field.subspan(1, field.size() - 2);
        secure::SecretBytes value(field.size());
        std::size_t length = 0;
        for (std::size_t j = 0; j < field.size(); ++j) {
            value.data()[length++] = field[j];
            if (wasQuoted && field[j] == '"' && j + 1 < field.size() && field[j + 1] == '"')
                ++j;
        }
        value.shrink(length);
        fields.push_back(std::move(value));
        start = i + 1;
    }
    if (quoted)
        return std::nullopt;
    return fields;
}

} // namespace kps::reports::csv
