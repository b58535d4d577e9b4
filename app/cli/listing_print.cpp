#include "listing_print.hpp"

#include "kps/provisioning/secret_role.hpp"
#include "kps/reports/csv_field.hpp"
#include "kps/reports/json_escape.hpp"

namespace kps::cli {
namespace {

/// A line under construction in locked memory.
class SecretLine {
public:
    explicit SecretLine(std::size_t capacity)
        : buffer_(capacity) {}

    void append(const QByteArray& text) { append(text.constData(), std::size_t(text.size())); }
    void append(const char* data, std::size_t size) {
        for (std::size_t i = 0; i < size; ++i)
            put(std::uint8_t(data[i]));
    }
    void put(std::uint8_t byte) {
        if (length_ < buffer_.size())
            buffer_.data()[length_++] = byte;
    }
    void hex(std::span<const std::uint8_t> bytes) {
        static const char digits[] = "0123456789abcdef";
        for (std::uint8_t byte : bytes) {
            put(std::uint8_t(digits[byte >> 4]));
            put(std::uint8_t(digits[byte & 15]));
        }
    }
    void writeTo(FILE* out) { std::fwrite(buffer_.data(), 1, length_, out); }

private:
    secure::SecretBytes buffer_;
    std::size_t length_ = 0;
};

bool isPassword(const reports::OpenedSecret& secret) {
    using provisioning::SecretRole;
    return provisioning::secretRoleFrom(secret.role) == SecretRole::Password;
}

/// The value as a CSV field: hex for keys; a password quoted when it must be and
/// neutralised when a spreadsheet would run it as a formula (csv_field.hpp).
void csvValue(SecretLine& line, const reports::OpenedSecret& secret) {
    if (!isPassword(secret))
        return line.hex(secret.value.span());
    reports::writeCsvField(secret.value.span(), [&line](char c) { line.put(c); });
}

/// The value as a JSON string, escaped straight into the line's locked memory.
void jsonValue(SecretLine& line, const reports::OpenedSecret& secret) {
    line.put('"');
    if (!isPassword(secret))
        line.hex(secret.value.span());
    else
        reports::escapeJsonString(secret.value.span(), [&line](char c) { line.put(c); });
    line.put('"');
}

QByteArray jsonText(const QString& text) {
    return reports::jsonQuoted(text.toUtf8());
}

} // namespace

void printCsvHeader(FILE* out) {
    std::fputs("address,role,id,version,kcv,value\n", out);
}

void printCsvRow(FILE* out, const QString& address, const reports::OpenedSecret& secret) {
    SecretLine line(512);
    for (const QByteArray& field :
         {address.toUtf8(), secret.role.toUtf8(), QByteArray::number(secret.id),
          QByteArray::number(secret.version), secret.kcv.toLatin1()}) {
        reports::writeCsvField(
            {reinterpret_cast<const std::uint8_t*>(field.constData()), std::size_t(field.size())},
            [&line](char c) { line.put(c); });
        line.put(',');
    }
    csvValue(line, secret);
    line.put('\n');
    line.writeTo(out);
}

void printJsonEndpoint(FILE* out, const reports::OpenedEndpoint& endpoint) {
    SecretLine line(4096);
    line.append("{\"address\":" + jsonText(endpoint.address) + ",\"secrets\":[");
    for (std::size_t i = 0; i < endpoint.secrets.size(); ++i) {
        const auto& secret = endpoint.secrets[i];
        line.append((i ? ",{\"role\":" : "{\"role\":") + jsonText(secret.role) +
                    ",\"id\":" + QByteArray::number(secret.id) +
                    ",\"version\":" + QByteArray::number(secret.version) +
                    ",\"kcv\":" + jsonText(secret.kcv) + ",\"value\":");
        jsonValue(line, secret);
        line.put('}');
    }
    line.append("]}");
    line.writeTo(out);
}

void printJsonMaster(FILE* out, const reports::OpenedSecret& master) {
    SecretLine line(512);
    line.append("{\"name\":" + jsonText(master.name) + ",\"kcv\":" + jsonText(master.kcv) +
                ",\"value\":");
    jsonValue(line, master);
    line.put('}');
    line.writeTo(out);
}

} // namespace kps::cli
