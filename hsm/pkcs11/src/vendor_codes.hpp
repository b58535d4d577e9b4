#pragma once
// Where a module answers a vague code for a failure PKCS#11 names precisely, the
// precise code, so that callers (and the hints the station prints) see one failure
// whatever the module. Each case names the module that needs it.
#include <p11-kit/pkcs11.h>

namespace kps::hsm::detail {

enum class Unwrapping { AesKwp, RsaOaep };

/// SoftHSM 2.6 answers CKR_GENERAL_ERROR when an AES-KWP integrity check fails
/// (PKCS#11: CKR_WRAPPED_KEY_INVALID) and when an RSA-OAEP block does not decode
/// (PKCS#11: CKR_ENCRYPTED_DATA_INVALID). Other codes pass unchanged.
CK_RV standardUnwrapCode(Unwrapping unwrapping, CK_RV rv);

} // namespace kps::hsm::detail
