#pragma once
// Parsing and schema validation of every JSON file that crosses the boundary.
// Schemas are named by their format string: "kps-order/1", "kps-profile/1",
// "kps-listing/1", "kps-report/1".
#include "kps/schemas/input_problem.hpp"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>
#include <memory>

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

/// Validates many values against one part of a schema, named by a JSON pointer into it
/// ("/properties/endpoints/items"): the header and each entry of a streamed file are
/// checked on their own, so a million entries never sit in memory together. The
/// schema's definitions stay reachable. Compiled once per (schema, pointer); one
/// PartValidator per stream (it caches compiled patterns; not thread-safe).
class PartValidator {
public:
    static Checked<PartValidator> create(const QString& schema, const QString& pointer);
    PartValidator(PartValidator&& other) noexcept;
    PartValidator& operator=(PartValidator&& other) noexcept;
    ~PartValidator();

    /// `place` is where the value sits in its file ("/endpoints/17"); a problem names
    /// the place inside it ("/endpoints/17/keys/0/kcv").
    Checked<void> validate(const QJsonValue& value, const QString& file, const QString& place);

private:
    struct State;
    explicit PartValidator(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

/// The embedded schema text (for docs and for customers' own validators).
QByteArray schemaText(const QString& schema);
QStringList knownSchemas();

} // namespace kps::schemas
