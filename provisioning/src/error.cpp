#include "kps/provisioning/error.hpp"

namespace kps::provisioning {

QString Error::message() const {
    QString text = what;
    if (!where.isEmpty())
        text += QStringLiteral(" (") + where + QLatin1Char(')');
    if (!reason.isEmpty())
        text += QStringLiteral(": ") + reason;
    if (!hint.isEmpty())
        text += QStringLiteral(". ") + hint;
    return text;
}

Error Error::fromInput(const schemas::InputProblem& problem, QString what) {
    return Error{ErrorKind::BadInput, std::move(what), problem.file,
                 (problem.place.isEmpty() ? QString() : problem.place + QStringLiteral(": ")) +
                     problem.reason,
                 QStringLiteral("Nothing was changed")};
}

} // namespace kps::provisioning
