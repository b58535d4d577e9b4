#include "kps/schemas/validator.hpp"

#include "compiled_schema.hpp"
#include "kps/schemas/input_file.hpp"
#include "kps/schemas/text_checks.hpp"

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
    if (startsWithByteOrderMark(bytes)) // Qt's parser would skip it silently
        return tl::unexpected(byteOrderMark(file));
    if (const qsizetype bad = firstInvalidUtf8(bytes); bad >= 0)
        return tl::unexpected(invalidUtf8(file, bad, lineAndColumn(bytes, bad)));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return reject(file, lineAndColumn(bytes, parseError.offset),
                      QStringLiteral("not valid JSON: ") + parseError.errorString());
    if (!document.isObject())
        return tl::unexpected(notAnObject(file));
    if (const auto twice = firstDuplicateMember(bytes))
        return tl::unexpected(duplicateMember(file, *twice, lineAndColumn(bytes, twice->offset),
                                              lineAndColumn(bytes, twice->firstOffset)));
    const QJsonObject object = document.object();
    if (auto valid = validate(object, schema, file); !valid)
        return tl::unexpected(valid.error());
    return object;
}

Checked<QJsonObject> readDocument(const QString& path, const QString& schema, qint64 maxBytes) {
    KPS_TRY_LET(bytes, readInputFile(path, maxBytes));
    return parseDocument(bytes, schema, path);
}

} // namespace kps::schemas
