#pragma once
// How a password crosses the boundary: as a generic secret whose value is its
// characters, then NUL bytes up to a multiple of 8. RFC 5649 would carry any
// length, but SoftHSM 2.6.1 pads to 8 before wrapping; fixing the form makes every
// module agree, and readers strip trailing NULs (docs/customers.md).
#include "kps/secure/secret_bytes.hpp"

#include <algorithm>

namespace kps::provisioning {

inline secure::SecretBytes passwordTransferForm(const secure::SecretBytes& password) {
    secure::SecretBytes padded((password.size() + 7) / 8 * 8);
    std::copy(password.data(), password.data() + password.size(), padded.data());
    return padded;
}

inline secure::SecretBytes passwordFromTransferForm(secure::SecretBytes transfer) {
    std::size_t length = transfer.size();
    while (length > 0 && transfer.data()[length - 1] == 0)
        --length;
    transfer.shrink(length);
    return transfer;
}

} // namespace kps::provisioning
