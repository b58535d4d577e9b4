#include "kps/schemas/input_problem.hpp"

namespace kps::schemas {

QString InputProblem::message() const {
    QString text = file.isEmpty() ? QStringLiteral("input") : file;
    if (!place.isEmpty())
        text += QStringLiteral(": ") + place;
    return text + QStringLiteral(": ") + reason;
}

} // namespace kps::schemas
