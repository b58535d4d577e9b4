#include "key_csv.hpp"

#include "csv.hpp"
#include "kps/reports/csv_field.hpp"
#include "kps/schemas/input_file.hpp"

#include <QRegularExpression>

namespace kps::reports {
namespace {

const QByteArray kHeader = "address,role,id,version,kcv,value";
const QStringList kRoles{QStringLiteral("data"),     QStringLiteral("dm"),
                         QStringLiteral("local"),    QStringLiteral("fleet"),
                         QStringLiteral("password"), QStringLiteral("master")};

QString text(const secure::SecretBytes& field) {
    return QString::fromUtf8(reinterpret_cast<const char*>(field.data()), qsizetype(field.size()));
}

int hexDigit(std::uint8_t c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/// The field without the single quote a neutralised field carries (csv_field.hpp).
secure::SecretBytes withoutGuard(secure::SecretBytes field) {
    const std::size_t guard = csvGuardLength(field.span());
    if (guard == 0)
        return field;
    return secure::SecretBytes::copyOf(field.span().subspan(guard)); // the old one is wiped
}

std::optional<secure::SecretBytes> fromHex(const secure::SecretBytes& hex) {
    if (hex.size() % 2 != 0)
        return std::nullopt;
    secure::SecretBytes bytes(hex.size() / 2);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const int high = hexDigit(hex.data()[2 * i]), low = hexDigit(hex.data()[2 * i + 1]);
        if (high < 0 || low < 0)
            return std::nullopt;
        bytes.data()[i] = std::uint8_t(high * 16 + low);
    }
    return bytes;
}

} // namespace

KeyCsvReader::KeyCsvReader(QString path)
    : path_(std::move(path))
    , file_(path_) {}

tl::unexpected<ReportError> KeyCsvReader::problem(const QString& column,
                                                  const QString& reason) const {
    return reportFailure(ReportErrorKind::BadInput, path_,
                         QStringLiteral("line %1%2")
                             .arg(line_)
                             .arg(column.isEmpty() ? QString() : QStringLiteral(", ") + column),
                         reason);
}

ReportResult<void> KeyCsvReader::open() {
    if (auto opened = schemas::openInputFile(file_, 0); !opened)
        return tl::unexpected(ReportError::fromInput(opened.error()));
    const QByteArray header = file_.readLine(4096).trimmed();
    ++line_;
    if (header != kHeader)
        return problem({}, QStringLiteral("the header must be \"%1\"").arg(QLatin1String(kHeader)));
    return {};
}

ReportResult<std::optional<KeyRow>> KeyCsvReader::next() {
    for (;;) {
        const qint64 read =
            file_.readLine(reinterpret_cast<char*>(buffer_.data()), qint64(buffer_.size()));
        if (read <= 0)
            return std::optional<KeyRow>();
        ++line_;
        std::size_t length = std::size_t(read);
        if (buffer_.data()[length - 1] != '\n' && !file_.atEnd())
            return problem({}, QStringLiteral("longer than %1 bytes").arg(buffer_.size() - 1));
        while (length > 0 &&
               (buffer_.data()[length - 1] == '\n' || buffer_.data()[length - 1] == '\r'))
            --length;
        if (length == 0)
            continue; // blank line
        auto fields = csv::splitSecret({buffer_.data(), length});
        secure::secureWipe(buffer_.data(), std::size_t(read));
        if (!fields)
            return problem({}, QStringLiteral("a quoted field is not closed"));
        if (fields->size() != 6)
            return problem({}, QStringLiteral("has %1 fields, not 6").arg(fields->size()));
        for (secure::SecretBytes& field : *fields)
            field = withoutGuard(std::move(field));
        auto row = parse(std::move(*fields));
        if (!row)
            return tl::unexpected(row.error());
        return std::optional<KeyRow>(std::move(*row));
    }
}

ReportResult<KeyRow> KeyCsvReader::parse(std::vector<secure::SecretBytes> fields) {
    KeyRow row;
    row.line = line_;
    row.address = text(fields[0]);
    row.role = text(fields[1]);
    row.kcv = text(fields[4]).toLower();
    bool idOk = false, versionOk = false;
    row.id = text(fields[2]).toInt(&idOk);
    row.version = text(fields[3]).toInt(&versionOk);
    if (!kRoles.contains(row.role))
        return problem(QStringLiteral("role"),
                       QStringLiteral("must be one of ") + kRoles.join(u' '));
    // Masters and passwords carry no id in a listing (`listing open` prints 0).
    const bool keyed = !row.isMaster() && row.role != QLatin1String("password");
    if (keyed &&
        (!idOk || row.id < 1 || row.id > 255 || !versionOk || row.version < 0 || row.version > 255))
        return problem(QStringLiteral("id"), QStringLiteral("id takes 1 to 255, version 0 to 255"));
    if (!row.kcv.isEmpty() &&
        !QRegularExpression(QStringLiteral("^[0-9a-f]{6}$")).match(row.kcv).hasMatch())
        return problem(QStringLiteral("kcv"), QStringLiteral("must be 6 hex digits or empty"));
    if (row.role == QLatin1String("password")) {
        if (fields[5].empty() || fields[5].size() > 64)
            return problem(QStringLiteral("value"),
                           QStringLiteral("a password has 1 to 64 characters"));
        row.value = std::move(fields[5]);
        return row;
    }
    auto value = fromHex(fields[5]);
    if (!value || (value->size() != 16 && value->size() != 24 && value->size() != 32))
        return problem(QStringLiteral("value"),
                       QStringLiteral("a key is 16, 24 or 32 bytes in hex"));
    row.value = std::move(*value);
    return row;
}

} // namespace kps::reports
