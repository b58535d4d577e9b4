#pragma once
// Errors of the X.509 library as values: what was tried, on which file or object, and
// why it failed, in words a person at the station can act on.
#include "kps/base/expected.hpp"

#include <string>

namespace kps::x509 {

struct Error {
    std::string what;   // "read certificate"
    std::string object; // the file or the key the call was about
    std::string reason; // "not a PEM or DER X.509 certificate"

    std::string message() const; // "read certificate failed on OBJECT: REASON"
};

template <class T> using Result = kps::Expected<T, Error>;

inline tl::unexpected<Error> fail(std::string what, std::string object, std::string reason) {
    return tl::unexpected(Error{std::move(what), std::move(object), std::move(reason)});
}

} // namespace kps::x509
