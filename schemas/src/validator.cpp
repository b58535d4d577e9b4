#include "kps/schemas/validator.hpp"

#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QMutex>
#include <memory>
#include <valijson/adapters/qtjson_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace kps::schemas {
namespace {

QString resourcePath(const QString& schema) {
    QString name = schema;
    name.replace(QLatin1Char('/'), QLatin1Char('-'));
    return QStringLiteral(":/schemas/") + name + QStringLiteral(".schema.json");
}

const valijson::Schema* compiledSchema(const QString& schema) {
    static QMutex mutex;
    static QHash<QString, std::shared_ptr<valijson::Schema>> cache;
    QMutexLocker lock(&mutex);
    if (auto found = cache.find(schema); found != cache.end())
        return found->get();
    const QByteArray text = schemaText(schema);
    if (text.isEmpty())
        return nullptr;
    auto compiled = std::make_shared<valijson::Schema>();
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    const QJsonDocument document = QJsonDocument::fromJson(text);
    parser.populateSchema(valijson::adapters::QtJsonAdapter(document.object()), *compiled);
    cache.insert(schema, compiled);
    return compiled.get();
}

/// valijson's context ("<root>", "[endpoints]", "[3]") as a JSON pointer.
QString pointerOf(const std::vector<std::string>& context) {
    QString pointer;
    for (const auto& part : context) {
        if (part == "<root>")
            continue;
        QString piece = QString::fromStdString(part);
        if (piece.startsWith(QLatin1Char('[')) && piece.endsWith(QLatin1Char(']')))
            piece = piece.mid(1, piece.size() - 2);
        if (piece.startsWith(QLatin1Char('"')) && piece.endsWith(QLatin1Char('"')))
            piece = piece.mid(1, piece.size() - 2);
        pointer += QLatin1Char('/') + piece;
    }
    return pointer.isEmpty() ? QStringLiteral("/") : pointer;
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
    const valijson::Schema* compiled = compiledSchema(schema);
    if (!compiled)
        return reject(file, {}, QStringLiteral("no schema named %1").arg(schema));
    valijson::Validator validator;
    valijson::ValidationResults results;
    if (validator.validate(*compiled, valijson::adapters::QtJsonAdapter(document), &results))
        return {};
    // The deepest error is the most specific one.
    valijson::ValidationResults::Error error, deepest;
    while (results.popError(error))
        if (error.context.size() > deepest.context.size() || deepest.description.empty())
            deepest = error;
    return reject(file, pointerOf(deepest.context),
                  QString::fromStdString(deepest.description) +
                      QStringLiteral(" (schema %1)").arg(schema));
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
