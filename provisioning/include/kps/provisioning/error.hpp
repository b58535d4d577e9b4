#pragma once
// Errors of the provisioning engine as values. The kind decides the CLI exit code
// (docs/formats.md); the rest says what failed, where and what to do.
#include "kps/base/expected.hpp"
#include "kps/schemas/input_problem.hpp"

#include <QString>

namespace kps::provisioning {

enum class ErrorKind {
    BadInput, // a file or value we were given is wrong; nothing changed   (exit 2)
    Refused,  // role, quota or state forbids it                            (exit 3)
    Device,   // HSM or jig failure                                         (exit 4)
    Store,    // database failure                                           (exit 4)
    Internal, // a broken invariant                                         (exit 4)
};

struct Error {
    ErrorKind kind = ErrorKind::Internal;
    QString what;  // "register order"
    QString where; // file, order, address, token label ...
    QString reason;
    QString hint;

    QString message() const;
    static Error fromInput(const schemas::InputProblem& problem, QString what);
};

template <class T> using Outcome = kps::Expected<T, Error>;
using Done = kps::Expected<void, Error>;

inline tl::unexpected<Error> failure(ErrorKind kind, QString what, QString where, QString reason,
                                     QString hint = {}) {
    return tl::unexpected(
        Error{kind, std::move(what), std::move(where), std::move(reason), std::move(hint)});
}

/// `failed`, with what became of the undo that followed it: when the undo failed too,
/// the error says what was left behind (the failure itself stays the one reported).
template <class T>
tl::unexpected<Error> undone(Error failed, const Outcome<T>& undo, const QString& leftBehind) {
    if (!undo)
        failed.hint += QStringLiteral(" (%1 could not be removed: %2)")
                           .arg(leftBehind, undo.error().message());
    return tl::unexpected(std::move(failed));
}

/// A refusal, whatever became of its audit row: the action stays refused (fail closed);
/// when the row could not be written, the refusal says so.
template <class T> tl::unexpected<Error> refusal(const Outcome<T>& audited, Error refused) {
    if (!audited)
        refused.hint += QStringLiteral(" (the refusal could not be audited: %1)")
                            .arg(audited.error().message());
    return tl::unexpected(std::move(refused));
}

} // namespace kps::provisioning
