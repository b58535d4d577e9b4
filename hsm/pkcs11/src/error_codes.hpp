#pragma once
// The name and the hint of every return code PKCS#11 2.40 defines.
#include <p11-kit/pkcs11.h>

namespace kps::hsm::detail {

struct CodeInfo {
    const char* name;
    const char* hint; // what the person at the station can do; empty for CKR_OK
};

/// The entry for a code, or nullptr for codes the standard does not define.
const CodeInfo* codeInfo(CK_RV rv);

} // namespace kps::hsm::detail
