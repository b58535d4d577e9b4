#include "pka_ecc.hpp"

#include <memory>
#include <openssl/bn.h>
#include <openssl/ec.h>

namespace kps::mcuemu::ecc {
namespace {

struct Free {
    void operator()(BIGNUM* n) const { BN_clear_free(n); }
    void operator()(BN_CTX* c) const { BN_CTX_free(c); }
    void operator()(EC_GROUP* g) const { EC_GROUP_free(g); }
    void operator()(EC_POINT* p) const { EC_POINT_clear_free(p); }
};
using Bn = std::unique_ptr<BIGNUM, Free>;
using Context = std::unique_ptr<BN_CTX, Free>;
using Group = std::unique_ptr<EC_GROUP, Free>;
using EcPoint = std::unique_ptr<EC_POINT, Free>;

Bn number(const Number& bytes) {
    return Bn(BN_bin2bn(bytes.data(), int(bytes.size()), nullptr));
}

Bn fresh() {
    return Bn(BN_new());
}

/// a as a residue mod p (its sign applied).
Bn coefficientA(const Curve& curve, BN_CTX* context) {
    Bn a = number(curve.a), p = number(curve.p);
    if (a && p && curve.aNegative && !BN_is_zero(a.get()))
        if (!BN_mod_sub(a.get(), p.get(), a.get(), p.get(), context))
            return nullptr;
    return a;
}

/// y^2 - (x^3 + ax) mod p: the b of the curve through (x, y).
Bn coefficientThrough(const Curve& curve, const Point& point, BN_CTX* context) {
    Bn p = number(curve.p), a = coefficientA(curve, context), x = number(point.x);
    Bn y = number(point.y), rhs = fresh(), t = fresh(), b = fresh();
    const bool ok = p && a && x && y && rhs && t && b &&
                    BN_mod_sqr(rhs.get(), x.get(), p.get(), context) &&            // x^2
                    BN_mod_add(rhs.get(), rhs.get(), a.get(), p.get(), context) && // x^2 + a
                    BN_mod_mul(rhs.get(), rhs.get(), x.get(), p.get(), context) && // x^3 + ax
                    BN_mod_sqr(t.get(), y.get(), p.get(), context) &&
                    BN_mod_sub(b.get(), t.get(), rhs.get(), p.get(), context);
    return ok ? std::move(b) : nullptr;
}

Group makeGroup(const Curve& curve, const Point& through, BN_CTX* context) {
    Bn p = number(curve.p), a = coefficientA(curve, context);
    Bn b = curve.b.empty() ? coefficientThrough(curve, through, context) : number(curve.b);
    if (!p || !a || !b || BN_is_zero(p.get()) || !BN_is_odd(p.get()))
        return nullptr;
    return Group(EC_GROUP_new_curve_GFp(p.get(), a.get(), b.get(), context));
}

EcPoint makePoint(const EC_GROUP* group, const Point& point, BN_CTX* context) {
    EcPoint result(EC_POINT_new(group));
    Bn x = number(point.x), y = number(point.y);
    if (!result || !x || !y ||
        !EC_POINT_set_affine_coordinates(group, result.get(), x.get(), y.get(), context))
        return nullptr; // OpenSSL refuses a point that is not on the group's curve
    return result;
}

Number bytesOf(const BIGNUM* value, std::size_t size) {
    Number out(size);
    if (BN_bn2binpad(value, out.data(), int(size)) != int(size))
        return {};
    return out;
}

} // namespace

std::optional<Point> scalarMultiply(const Curve& curve, const Number& k, const Point& point,
                                    std::size_t size) {
    Context context(BN_CTX_new());
    Group group = context ? makeGroup(curve, point, context.get()) : nullptr;
    EcPoint base = group ? makePoint(group.get(), point, context.get()) : nullptr;
    Bn scalar = number(k);
    if (!base || !scalar)
        return std::nullopt;
    EcPoint product(EC_POINT_new(group.get()));
    Bn x = fresh(), y = fresh();
    if (!product || !x || !y ||
        !EC_POINT_mul(group.get(), product.get(), nullptr, base.get(), scalar.get(),
                      context.get()) ||
        EC_POINT_is_at_infinity(group.get(), product.get()) ||
        !EC_POINT_get_affine_coordinates(group.get(), product.get(), x.get(), y.get(),
                                         context.get()))
        return std::nullopt;
    Point result{bytesOf(x.get(), size), bytesOf(y.get(), size)};
    if (result.x.empty() || result.y.empty())
        return std::nullopt;
    return result;
}

bool onCurve(const Curve& curve, const Point& point) {
    Context context(BN_CTX_new());
    Bn p = number(curve.p), x = number(point.x), y = number(point.y), b = number(curve.b);
    if (!context || !p || !x || !y || !b || BN_cmp(x.get(), p.get()) >= 0 ||
        BN_cmp(y.get(), p.get()) >= 0)
        return false;
    Bn through = coefficientThrough(curve, point, context.get());
    Bn reduced = fresh();
    return through && reduced && BN_nnmod(reduced.get(), b.get(), p.get(), context.get()) &&
           BN_cmp(through.get(), reduced.get()) == 0;
}

bool verify(const Curve& curve, const Point& g, const Number& n, const Point& q,
            const Signature& signature, const Number& z) {
    Context context(BN_CTX_new());
    Group group = context ? makeGroup(curve, g, context.get()) : nullptr;
    EcPoint generator = group ? makePoint(group.get(), g, context.get()) : nullptr;
    EcPoint key = group ? makePoint(group.get(), q, context.get()) : nullptr;
    Bn order = number(n), r = number(signature.r), s = number(signature.s), e = number(z);
    Bn w = fresh(), u1 = fresh(), u2 = fresh(), x = fresh(), v = fresh();
    if (!generator || !key || !order || !r || !s || !e || !w || !u1 || !u2 || !x || !v ||
        BN_is_zero(order.get()) || BN_is_zero(r.get()) || BN_is_zero(s.get()) ||
        BN_cmp(r.get(), order.get()) >= 0 || BN_cmp(s.get(), order.get()) >= 0)
        return false;
    EcPoint sum(EC_POINT_new(group.get()));
    Bn one(BN_new());
    return sum && one && BN_one(one.get()) &&
           EC_GROUP_set_generator(group.get(), generator.get(), order.get(), one.get()) &&
           BN_mod_inverse(w.get(), s.get(), order.get(), context.get()) &&
           BN_mod_mul(u1.get(), e.get(), w.get(), order.get(), context.get()) &&
           BN_mod_mul(u2.get(), r.get(), w.get(), order.get(), context.get()) &&
           EC_POINT_mul(group.get(), sum.get(), u1.get(), key.get(), u2.get(), context.get()) &&
           !EC_POINT_is_at_infinity(group.get(), sum.get()) &&
           EC_POINT_get_affine_coordinates(group.get(), sum.get(), x.get(), nullptr,
                                           context.get()) &&
           BN_nnmod(v.get(), x.get(), order.get(), context.get()) && BN_cmp(v.get(), r.get()) == 0;
}

} // namespace kps::mcuemu::ecc
