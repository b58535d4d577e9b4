#pragma once
// Public halves of token key pairs as OpenSSL keys (for certificates and checks).
#include "kps/hsm/error.hpp"
#include "kps/openssl/handles.hpp"

namespace kps::hsm {
class Session;
}

namespace kps::hsm::detail {

Result<openssl::PkeyPtr> publicKeyFromToken(const Session& session, CK_OBJECT_HANDLE publicKey);

} // namespace kps::hsm::detail
