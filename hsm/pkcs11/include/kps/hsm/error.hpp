#pragma once
// Errors of the HSM layer as values: which PKCS#11 call failed, with which code,
// on which object, and what the person at the station can do about it.
#include "kps/base/expected.hpp"

#include <p11-kit/pkcs11.h>
#include <string>

namespace kps::hsm {

struct HsmError {
    std::string call;   // e.g. "C_DeriveKey"
    CK_RV rv = CKR_OK;  // underlying code; CKR_GENERAL_ERROR for non-PKCS#11 failures
    std::string object; // label, URI or file the call was about
    std::string hint;   // what to do

    std::string message() const;
};

template <class T> using Result = kps::Expected<T, HsmError>;
using Status = kps::Expected<void, HsmError>;

/// "CKR_PIN_INCORRECT" for 0xa0; "CKR_0x..." or "CKR_VENDOR_DEFINED+0x..." for others.
std::string ckrName(CK_RV rv);
/// What the person at the station can do about a code (empty for CKR_OK).
std::string ckrHint(CK_RV rv);
/// The handle no longer names an object (e.g. after a logout): look the object up again.
bool isHandleGone(CK_RV rv);

/// A failed call, with a hint chosen from the return code when none is given.
HsmError makeError(std::string call, CK_RV rv, std::string object = {}, std::string hint = {});

tl::unexpected<HsmError> fail(std::string call, CK_RV rv, std::string object = {},
                              std::string hint = {});

} // namespace kps::hsm
