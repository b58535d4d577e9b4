#pragma once
// JSON Schema "pattern" checked with QRegularExpression (PCRE2, JIT) instead of
// valijson's std::regex, which costs tens of microseconds per string: too slow for
// the million entries of a listing. The schemas on disk keep the standard keyword;
// only the compiled copy uses this one.
#include <QJsonObject>
#include <valijson/constraint_builder.hpp>

namespace kps::schemas::detail {

inline constexpr const char* kFastPatternKeyword = "x-kps-pattern";

/// The schema with every "pattern" keyword renamed to kFastPatternKeyword.
QJsonObject withFastPatterns(const QJsonObject& schema);

/// Builds the constraint for kFastPatternKeyword (register with SchemaParser).
class FastPatternBuilder final : public valijson::ConstraintBuilder {
public:
    valijson::constraints::Constraint*
    make(const valijson::adapters::Adapter& value) const override;
};

} // namespace kps::schemas::detail
