#include "kps/reports/report_error.hpp"

namespace kps::reports {

QString ReportError::message() const {
    QString text = file.isEmpty() ? QStringLiteral("output") : file;
    if (!place.isEmpty())
        text += QStringLiteral(": ") + place;
    text += QStringLiteral(": ") + reason;
    if (!hint.isEmpty())
        text += QStringLiteral(". ") + hint;
    return text;
}

ReportError ReportError::fromInput(const schemas::InputProblem& problem) {
    return {ReportErrorKind::BadInput, problem.file, problem.place, problem.reason, {}};
}

} // namespace kps::reports
