#pragma once
// P-256 with OpenSSL for the tests of the PKA model and the provisioning agent: the
// curve's constants, key pairs from a seed, ECDH (EVP_PKEY_derive), ECDSA/SHA-256
// signatures as r || s, SHA-256. Numbers are big-endian byte strings.
#include <cstdint>
#include <memory>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/sha.h>
#include <vector>

namespace kps::test::p256 {

using Bytes = std::vector<std::uint8_t>;

struct Free {
    void operator()(BIGNUM* n) const { BN_clear_free(n); }
    void operator()(BN_CTX* c) const { BN_CTX_free(c); }
    void operator()(EC_GROUP* g) const { EC_GROUP_free(g); }
    void operator()(EC_POINT* p) const { EC_POINT_free(p); }
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
    void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
    void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
    void operator()(OSSL_PARAM_BLD* b) const { OSSL_PARAM_BLD_free(b); }
    void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
    void operator()(ECDSA_SIG* s) const { ECDSA_SIG_free(s); }
};
template <typename T> using Owned = std::unique_ptr<T, Free>;

inline Bytes bytesOf(const BIGNUM* n, int size = 32) {
    Bytes out(std::size_t(size), 0);
    BN_bn2binpad(n, out.data(), size);
    return out;
}

inline Owned<BIGNUM> bn(const Bytes& bytes) {
    return Owned<BIGNUM>(BN_bin2bn(bytes.data(), int(bytes.size()), nullptr));
}

inline Owned<EC_GROUP> group() {
    return Owned<EC_GROUP>(EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1));
}

struct Curve {
    Bytes p, a, b, gx, gy, n; // a is |a| (a = -3)
};

inline Curve curve() {
    auto g = group();
    Owned<BIGNUM> p(BN_new()), a(BN_new()), b(BN_new()), x(BN_new()), y(BN_new());
    EC_GROUP_get_curve(g.get(), p.get(), a.get(), b.get(), nullptr);
    EC_POINT_get_affine_coordinates(g.get(), EC_GROUP_get0_generator(g.get()), x.get(), y.get(),
                                    nullptr);
    Bytes minusA(32, 0);
    minusA[31] = 3;
    return {bytesOf(p.get()), minusA,           bytesOf(b.get()),
            bytesOf(x.get()), bytesOf(y.get()), bytesOf(EC_GROUP_get0_order(g.get()))};
}

inline Bytes sha256(const Bytes& data) {
    Bytes digest(32);
    SHA256(data.data(), data.size(), digest.data());
    return digest;
}

struct KeyPair {
    Bytes d, x, y;
    Bytes point() const { // 04 || X || Y
        Bytes out{0x04};
        out.insert(out.end(), x.begin(), x.end());
        out.insert(out.end(), y.begin(), y.end());
        return out;
    }
};

/// d * G for a scalar 0 < d < n.
inline KeyPair keyFromScalar(const Bytes& d) {
    auto g = group();
    Owned<EC_POINT> q(EC_POINT_new(g.get()));
    Owned<BIGNUM> x(BN_new()), y(BN_new());
    EC_POINT_mul(g.get(), q.get(), bn(d).get(), nullptr, nullptr, nullptr);
    EC_POINT_get_affine_coordinates(g.get(), q.get(), x.get(), y.get(), nullptr);
    return {d, bytesOf(x.get()), bytesOf(y.get())};
}

/// A key pair for a seed: d = SHA-256("p256 seed" || seed) mod n.
inline KeyPair keyFromSeed(std::uint32_t seed) {
    Bytes input{'p',
                '2',
                '5',
                '6',
                ' ',
                's',
                'e',
                'e',
                'd',
                std::uint8_t(seed >> 24),
                std::uint8_t(seed >> 16),
                std::uint8_t(seed >> 8),
                std::uint8_t(seed)};
    auto g = group();
    Owned<BIGNUM> d = bn(sha256(input));
    Owned<BN_CTX> context(BN_CTX_new());
    BN_nnmod(d.get(), d.get(), EC_GROUP_get0_order(g.get()), context.get());
    return keyFromScalar(bytesOf(d.get()));
}

inline Owned<EVP_PKEY> evpKey(const KeyPair& key, bool withPrivate) {
    Owned<OSSL_PARAM_BLD> build(OSSL_PARAM_BLD_new());
    const Bytes point = key.point();
    Owned<BIGNUM> d = bn(key.d);
    OSSL_PARAM_BLD_push_utf8_string(build.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
    OSSL_PARAM_BLD_push_octet_string(build.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                     point.size());
    if (withPrivate)
        OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_PRIV_KEY, d.get());
    Owned<OSSL_PARAM> params(OSSL_PARAM_BLD_to_param(build.get()));
    Owned<EVP_PKEY_CTX> context(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
    EVP_PKEY* made = nullptr;
    EVP_PKEY_fromdata_init(context.get());
    EVP_PKEY_fromdata(context.get(), &made, withPrivate ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY,
                      params.get());
    return Owned<EVP_PKEY>(made);
}

/// The ECDH shared secret (x coordinate of d * Q), as PKCS#11 ECDH1_DERIVE with
/// CKD_NULL gives it.
inline Bytes ecdh(const KeyPair& own, const KeyPair& peer) {
    auto mine = evpKey(own, true), theirs = evpKey(peer, false);
    Owned<EVP_PKEY_CTX> context(EVP_PKEY_CTX_new(mine.get(), nullptr));
    Bytes secret(32);
    std::size_t length = secret.size();
    if (EVP_PKEY_derive_init(context.get()) != 1 ||
        EVP_PKEY_derive_set_peer(context.get(), theirs.get()) != 1 ||
        EVP_PKEY_derive(context.get(), secret.data(), &length) != 1 || length != 32)
        return {};
    return secret;
}

/// ECDSA with SHA-256 over `message`: r || s (64 bytes).
inline Bytes sign(const KeyPair& key, const Bytes& message) {
    auto pkey = evpKey(key, true);
    Owned<EVP_MD_CTX> context(EVP_MD_CTX_new());
    Bytes der(80);
    std::size_t length = der.size();
    EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, pkey.get());
    if (EVP_DigestSign(context.get(), der.data(), &length, message.data(), message.size()) != 1)
        return {};
    const unsigned char* at = der.data();
    Owned<ECDSA_SIG> signature(d2i_ECDSA_SIG(nullptr, &at, long(length)));
    Bytes out = bytesOf(ECDSA_SIG_get0_r(signature.get()));
    const Bytes s = bytesOf(ECDSA_SIG_get0_s(signature.get()));
    out.insert(out.end(), s.begin(), s.end());
    return out;
}

} // namespace kps::test::p256
