#pragma once
// Errors of the provisioning engine as values. The kind decides the CLI exit code
// (DESIGN.md section 10); the rest says what failed, where and what to do.
#include "kps/schemas/input_problem.hpp"

#include <QString>
#include <tl/expected.hpp>

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

template <class T> using Outcome = tl::expected<T, Error>;
using Done = tl::expected<void, Error>;

inline tl::unexpected<Error> failure(ErrorKind kind, QString what, QString where, QString reason,
                                     QString hint = {}) {
    return tl::unexpected(
        Error{kind, std::move(what), std::move(where), std::move(reason), std::move(hint)});
}

} // namespace kps::provisioning
