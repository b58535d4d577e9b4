#pragma once
// Parsing and schema validation of every JSON file that crosses the boundary.
// Schemas are named by their format string: "kps-order/1", "kps-profile/1",
// "kps-listing/1", "kps-report/1".
#include "kps/schemas/input_problem.hpp"

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>

namespace kps::schemas {

constexpr qint64 kMaxDocumentBytes = 64 * 1024 * 1024;

/// UTF-8 check, JSON syntax, then the schema. `file` only names the source in problems.
Checked<QJsonObject> parseDocument(const QByteArray& bytes, const QString& schema,
                                   const QString& file);
/// Reads the file (refusing anything larger than maxBytes) and parses it.
Checked<QJsonObject> readDocument(const QString& path, const QString& schema,
                                  qint64 maxBytes = kMaxDocumentBytes);
/// Validates an already parsed value (used on write, before a file leaves).
Checked<void> validate(const QJsonObject& document, const QString& schema, const QString& file);

/// The embedded schema text (for docs and for customers' own validators).
QByteArray schemaText(const QString& schema);
QStringList knownSchemas();

} // namespace kps::schemas
