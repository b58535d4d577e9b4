#include "kps/x509/error.hpp"

namespace kps::x509 {

std::string Error::message() const {
    std::string text = what + " failed";
    if (!object.empty())
        text += " on " + object;
    if (!reason.empty())
        text += ": " + reason;
    return text;
}

} // namespace kps::x509
