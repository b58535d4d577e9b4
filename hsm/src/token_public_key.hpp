#pragma once
// Public halves of token key pairs as OpenSSL keys (for certificates and checks).
#include "kps/hsm/error.hpp"
#include "openssl_handles.hpp"

namespace kps::hsm {
class Session;
}

namespace kps::hsm::detail {

Result<PkeyPtr> publicKeyFromToken(const Session& session, CK_OBJECT_HANDLE publicKey);

} // namespace kps::hsm::detail
