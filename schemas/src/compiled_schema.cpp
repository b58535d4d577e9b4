#include "compiled_schema.hpp"

#include "fast_pattern.hpp"
#include "kps/schemas/validator.hpp"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <valijson/adapters/qtjson_adapter.hpp>
#include <valijson/schema_parser.hpp>

namespace kps::schemas::detail {
namespace {

/// The object at an RFC 6901 pointer inside `root`, or an empty object.
std::optional<QJsonObject> objectAt(const QJsonObject& root, const QString& pointer) {
    QJsonValue value = root;
    for (QString token : pointer.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        token.replace(QStringLiteral("~1"), QStringLiteral("/"));
        token.replace(QStringLiteral("~0"), QStringLiteral("~"));
        if (!value.isObject() || !value.toObject().contains(token))
            return std::nullopt;
        value = value.toObject().value(token);
    }
    if (!value.isObject())
        return std::nullopt;
    return value.toObject();
}

/// The part as a schema of its own; "#/definitions/..." references still resolve.
std::optional<QJsonObject> partDocument(const QJsonObject& root, const QString& pointer) {
    auto part = objectAt(root, pointer);
    if (!part)
        return std::nullopt;
    if (root.contains(QStringLiteral("definitions")) &&
        !part->contains(QStringLiteral("definitions")))
        part->insert(QStringLiteral("definitions"), root.value(QStringLiteral("definitions")));
    part->insert(QStringLiteral("$schema"), root.value(QStringLiteral("$schema")));
    return part;
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
    return pointer;
}

} // namespace

std::shared_ptr<const valijson::Schema> compiledSchema(const QString& schema,
                                                       const QString& pointer) {
    static QMutex mutex;
    static QHash<QString, std::shared_ptr<const valijson::Schema>> cache;
    const QString key = schema + QLatin1Char('#') + pointer;
    QMutexLocker lock(&mutex);
    if (auto found = cache.find(key); found != cache.end())
        return *found;
    const QByteArray text = schemaText(schema);
    if (text.isEmpty())
        return nullptr;
    auto document = partDocument(QJsonDocument::fromJson(text).object(), pointer);
    if (!document)
        return nullptr;
    auto compiled = std::make_shared<valijson::Schema>();
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    parser.addConstraintBuilder(kFastPatternKeyword, new FastPatternBuilder);
    parser.populateSchema(valijson::adapters::QtJsonAdapter(withFastPatterns(*document)),
                          *compiled);
    cache.insert(key, compiled);
    return compiled;
}

InputProblem deepestProblem(valijson::ValidationResults& results, const QString& schema,
                            const QString& file, const QString& prefix) {
    valijson::ValidationResults::Error error, deepest;
    while (results.popError(error))
        if (error.context.size() > deepest.context.size() || deepest.description.empty())
            deepest = error;
    QString place = prefix + pointerOf(deepest.context);
    if (place.isEmpty())
        place = QStringLiteral("/");
    return {file, place,
            QString::fromStdString(deepest.description) +
                QStringLiteral(" (schema %1)").arg(schema)};
}

} // namespace kps::schemas::detail
