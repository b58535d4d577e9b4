#pragma once
// The elliptic-curve arithmetic behind the PKA model, computed with OpenSSL's BIGNUM
// and EC_POINT functions on a short Weierstrass curve y^2 = x^3 + ax + b over GF(p).
// Numbers are big-endian byte strings; every function wipes what it computed on.
//
// As the silicon does (RM0461, chapter Public key accelerator), the scalar
// multiplication takes no curve coefficient b: it works on the curve through the
// given point (b = y^2 - x^3 - ax mod p), so a point that is not on the intended
// curve is multiplied on another one. That is why a caller must check a foreign
// point first (point check).
#include <cstdint>
#include <optional>
#include <vector>

namespace kps::mcuemu::ecc {

using Number = std::vector<std::uint8_t>; // big-endian, unsigned

struct Curve {
    Number p; // modulus (odd prime)
    Number a; // |a|
    bool aNegative = false;
    Number b; // coefficient b; empty: through the point given
};

struct Point {
    Number x, y;
};

/// k * P; nothing when the result is the point at infinity or the inputs make no
/// curve (the silicon's result is undefined then). Coordinates are `size` bytes.
std::optional<Point> scalarMultiply(const Curve& curve, const Number& k, const Point& point,
                                    std::size_t size);

/// Whether x < p, y < p and y^2 = x^3 + ax + b (mod p).
bool onCurve(const Curve& curve, const Point& point);

struct Signature {
    Number r, s;
};

/// ECDSA verification of (r, s) for the hash value z (already the order's leftmost
/// bits) with public key q, generator g of order n (b through g).
bool verify(const Curve& curve, const Point& g, const Number& n, const Point& q,
            const Signature& signature, const Number& z);

} // namespace kps::mcuemu::ecc
