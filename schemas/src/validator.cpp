#include "kps/schemas/validator.hpp"

#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QMutex>
#include <QStringDecoder>
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
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return reject(file, {}, QStringLiteral("the file is not valid UTF-8"));
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
        return reject(path, {}, QStringLiteral("is larger than %1 bytes").arg(maxBytes));
    return parseDocument(file.read(maxBytes + 1), schema, path);
}

} // namespace kps::schemas
