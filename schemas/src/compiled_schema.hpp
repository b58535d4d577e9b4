#pragma once
// Compiled schemas (valijson), cached per (schema, JSON pointer), and the one
// problem a failed validation reports. Internal to the schemas library.
#include "kps/schemas/input_problem.hpp"

#include <QString>
#include <memory>
#include <valijson/schema.hpp>
#include <valijson/validation_results.hpp>

namespace kps::schemas::detail {

/// The schema, or the part of it at `pointer` (with the schema's definitions kept
/// reachable); null if either does not exist.
std::shared_ptr<const valijson::Schema> compiledSchema(const QString& schema,
                                                       const QString& pointer = {});

/// The deepest (most specific) error of a failed validation, as an input problem
/// whose place is `prefix` followed by the error's JSON pointer.
InputProblem deepestProblem(valijson::ValidationResults& results, const QString& schema,
                            const QString& file, const QString& prefix);

} // namespace kps::schemas::detail
