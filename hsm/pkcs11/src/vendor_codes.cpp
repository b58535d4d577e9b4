#include "vendor_codes.hpp"

namespace kps::hsm::detail {

CK_RV standardUnwrapCode(Unwrapping unwrapping, CK_RV rv) {
    if (rv != CKR_GENERAL_ERROR)
        return rv;
    return unwrapping == Unwrapping::AesKwp ? CKR_WRAPPED_KEY_INVALID : CKR_ENCRYPTED_DATA_INVALID;
}

} // namespace kps::hsm::detail
