#include "compiled_schema.hpp"
#include "kps/schemas/validator.hpp"

#include <valijson/adapters/qtjson_adapter.hpp>
#include <valijson/validator.hpp>

namespace kps::schemas {

struct PartValidator::State {
    QString schema;
    QString pointer;
    std::shared_ptr<const valijson::Schema> compiled;
    valijson::Validator validator; // keeps its compiled patterns between values
};

PartValidator::PartValidator(std::unique_ptr<State> state)
    : state_(std::move(state)) {}
PartValidator::PartValidator(PartValidator&& other) noexcept = default;
PartValidator& PartValidator::operator=(PartValidator&& other) noexcept = default;
PartValidator::~PartValidator() = default;

Checked<PartValidator> PartValidator::create(const QString& schema, const QString& pointer) {
    auto compiled = detail::compiledSchema(schema, pointer);
    if (!compiled)
        return reject({}, pointer, QStringLiteral("no schema part %1 in %2").arg(pointer, schema));
    auto state = std::make_unique<State>();
    state->schema = schema;
    state->pointer = pointer;
    state->compiled = std::move(compiled);
    return PartValidator(std::move(state));
}

Checked<void> PartValidator::validate(const QJsonValue& value, const QString& file,
                                      const QString& place) {
    const valijson::adapters::QtJsonAdapter adapter(value);
    // Without a results object valijson stops at the first failure and builds no
    // messages; only a failed value is validated again to say where and why.
    if (state_->validator.validate(*state_->compiled, adapter, nullptr))
        return {};
    valijson::ValidationResults results;
    state_->validator.validate(*state_->compiled, adapter, &results);
    return tl::unexpected(detail::deepestProblem(results, state_->schema, file, place));
}

} // namespace kps::schemas
