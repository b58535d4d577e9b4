#pragma once
// Errors of the reports layer: which file, where in it, why, and what to do.
#include "kps/base/expected.hpp"
#include "kps/schemas/input_problem.hpp"

#include <QString>

namespace kps::reports {

enum class ReportErrorKind {
    BadInput,  // a listing or certificate we were given is wrong (exit 2)
    Signature, // a signature does not verify (exit 2)
    Output,    // a file could not be written (exit 4)
    Hsm,       // signing failed (exit 4)
};

struct ReportError {
    ReportErrorKind kind = ReportErrorKind::Output;
    QString file;
    QString place;
    QString reason;
    QString hint;

    QString message() const;
    static ReportError fromInput(const schemas::InputProblem& problem);
};

template <class T> using ReportResult = kps::Expected<T, ReportError>;

inline tl::unexpected<ReportError> reportFailure(ReportErrorKind kind, QString file, QString place,
                                                 QString reason, QString hint = {}) {
    return tl::unexpected(
        ReportError{kind, std::move(file), std::move(place), std::move(reason), std::move(hint)});
}

} // namespace kps::reports
