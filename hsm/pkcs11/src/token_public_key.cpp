#include "token_public_key.hpp"

#include "kps/hsm/object.hpp"
#include "kps/hsm/session.hpp"

#include <cstring>
#include <openssl/core_names.h>

namespace kps::hsm::detail {

using namespace openssl;

namespace {

// DER of OID 1.2.840.10045.3.1.7 (prime256v1), as CKA_EC_PARAMS holds it.
constexpr std::uint8_t kP256Oid[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};

Result<PkeyPtr> fromParams(const char* type, OSSL_PARAM_BLD* builder) {
    ParamsPtr params(OSSL_PARAM_BLD_to_param(builder));
    PkeyCtxPtr context(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY* key = nullptr;
    if (!params || !context || EVP_PKEY_fromdata_init(context.get()) <= 0 ||
        EVP_PKEY_fromdata(context.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0)
        return fail("EVP_PKEY_fromdata", CKR_GENERAL_ERROR, type,
                    "the token's public key is malformed");
    return PkeyPtr(key);
}

Result<PkeyPtr> ecPublicKey(const Session& session, CK_OBJECT_HANDLE object) {
    auto params = readBytes(session, object, CKA_EC_PARAMS);
    auto point = readBytes(session, object, CKA_EC_POINT);
    if (!params || !point)
        return tl::unexpected(params ? point.error() : params.error());
    if (params->size() != sizeof kP256Oid || std::memcmp(params->data(), kP256Oid, sizeof kP256Oid))
        return fail("read EC key", CKR_KEY_TYPE_INCONSISTENT, "station key",
                    "only P-256 is supported");
    const unsigned char* cursor = point->data();
    OctetStringPtr octets(
        d2i_ASN1_OCTET_STRING(nullptr, &cursor, static_cast<long>(point->size())));
    if (!octets)
        return fail("read EC point", CKR_GENERAL_ERROR, "station key",
                    "the token returned a raw point");
    ParamBldPtr builder(OSSL_PARAM_BLD_new());
    OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
    OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY,
                                     ASN1_STRING_get0_data(octets.get()),
                                     static_cast<std::size_t>(ASN1_STRING_length(octets.get())));
    return fromParams("EC", builder.get());
}

Result<PkeyPtr> rsaPublicKey(const Session& session, CK_OBJECT_HANDLE object) {
    auto modulus = readBytes(session, object, CKA_MODULUS);
    auto exponent = readBytes(session, object, CKA_PUBLIC_EXPONENT);
    if (!modulus || !exponent)
        return tl::unexpected(modulus ? exponent.error() : modulus.error());
    BignumPtr n(BN_bin2bn(modulus->data(), static_cast<int>(modulus->size()), nullptr));
    BignumPtr e(BN_bin2bn(exponent->data(), static_cast<int>(exponent->size()), nullptr));
    ParamBldPtr builder(OSSL_PARAM_BLD_new());
    OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n.get());
    OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e.get());
    return fromParams("RSA", builder.get());
}

} // namespace

Result<PkeyPtr> publicKeyFromToken(const Session& session, CK_OBJECT_HANDLE publicKey) {
    auto type = readBytes(session, publicKey, CKA_KEY_TYPE);
    if (!type)
        return tl::unexpected(type.error());
    CK_KEY_TYPE keyType = 0;
    std::memcpy(&keyType, type->data(), std::min(type->size(), sizeof keyType));
    if (keyType == CKK_EC)
        return ecPublicKey(session, publicKey);
    if (keyType == CKK_RSA)
        return rsaPublicKey(session, publicKey);
    return fail("read public key", CKR_KEY_TYPE_INCONSISTENT, "token key",
                "expected an EC or RSA key");
}

} // namespace kps::hsm::detail
