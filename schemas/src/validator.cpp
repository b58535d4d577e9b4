#include "kps/schemas/validator.hpp"

#include "compiled_schema.hpp"

#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>
#include <valijson/adapters/qtjson_adapter.hpp>
#include <valijson/validator.hpp>

namespace kps::schemas {
namespace {

QString resourcePath(const QString& schema) {
    QString name = schema;
    name.replace(QLatin1Char('/'), QLatin1Char('-'));
    return QStringLiteral(":/schemas/") + name + QStringLiteral(".schema.json");
}

/// The offset of the first byte that is not part of a well-formed UTF-8 sequence
/// (overlong forms, surrogates and code points above U+10FFFF included), or -1.
qsizetype firstInvalidUtf8(const QByteArray& bytes) {
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.constData());
    const qsizetype size = bytes.size();
    for (qsizetype i = 0; i < size;) {
        const unsigned char lead = data[i];
        const int length = lead < 0x80   ? 1
                           : lead < 0xC2 ? 0
                           : lead < 0xE0 ? 2
                           : lead < 0xF0 ? 3
                           : lead < 0xF5 ? 4
                                         : 0;
        if (length == 0 || i + length > size)
            return i;
        char32_t point = length == 1 ? lead : lead & (0x7F >> length);
        for (int k = 1; k < length; ++k) {
            if ((data[i + k] & 0xC0) != 0x80)
                return i;
            point = (point << 6) | (data[i + k] & 0x3F);
        }
        if ((length == 3 && (point < 0x800 || (point >= 0xD800 && point <= 0xDFFF))) ||
            (length == 4 && (point < 0x10000 || point > 0x10FFFF)))
            return i;
        i += length;
    }
    return -1;
}

QString lineAndColumn(const QByteArray& bytes, int offset) {
    const QByteArray before = bytes.left(offset);
    const int line = before.count('\n') + 1;
    const int column = offset - (before.lastIndexOf('\n') + 1) + 1;
    return QStringLiteral("line %1, column %2").arg(line).arg(column);
}

} // namespace

QByteArray schemaText(const QString& schema) {
    QFile file(resourcePath(schema));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

QStringList knownSchemas() {
    return {QStringLiteral("kps-order/1"),   QStringLiteral("kps-profile/1"),
            QStringLiteral("kps-listing/1"), QStringLiteral("kps-report/1"),
            QStringLiteral("kps-station/1"), QStringLiteral("kps-destruction/1")};
}

Checked<void> validate(const QJsonObject& document, const QString& schema, const QString& file) {
    const auto compiled = detail::compiledSchema(schema);
    if (!compiled)
        return reject(file, {}, QStringLiteral("no schema named %1").arg(schema));
    valijson::Validator validator;
    valijson::ValidationResults results;
    if (validator.validate(*compiled, valijson::adapters::QtJsonAdapter(document), &results))
        return {};
    return tl::unexpected(detail::deepestProblem(results, schema, file, {}));
}

Checked<QJsonObject> parseDocument(const QByteArray& bytes, const QString& schema,
                                   const QString& file) {
    if (bytes.startsWith("\xef\xbb\xbf")) // Qt's parser would skip it silently
        return reject(file, QStringLiteral("byte 0"),
                      QStringLiteral("the file starts with a byte order mark: save it as UTF-8 "
                                     "without one"));
    if (const qsizetype bad = firstInvalidUtf8(bytes); bad >= 0)
        return reject(file,
                      QStringLiteral("byte %1 (%2)").arg(bad).arg(lineAndColumn(bytes, int(bad))),
                      QStringLiteral("the file is not valid UTF-8"));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return reject(file, lineAndColumn(bytes, parseError.offset),
                      QStringLiteral("not valid JSON: ") + parseError.errorString());
    if (!document.isObject())
        return reject(file, QStringLiteral("/"), QStringLiteral("expected a JSON object"));
    const QJsonObject object = document.object();
    if (auto valid = validate(object, schema, file); !valid)
        return tl::unexpected(valid.error());
    return object;
}

Checked<QJsonObject> readDocument(const QString& path, const QString& schema, qint64 maxBytes) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return reject(path, {}, QStringLiteral("cannot be read: ") + file.errorString());
    if (file.size() > maxBytes)
        return reject(path, QStringLiteral("byte %1").arg(maxBytes),
                      QStringLiteral("the file is larger than %1 bytes").arg(maxBytes));
    return parseDocument(file.read(maxBytes + 1), schema, path);
}

} // namespace kps::schemas
