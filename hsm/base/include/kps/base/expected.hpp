#pragma once
// Results that cannot be dropped. Every layer returns its failures as values; a
// result nobody looks at is a bug (an audit row not written, a failure counter not
// moved), so the type is [[nodiscard]] and the build treats an ignored one as an
// error (-Werror=unused-result). tl::expected 1.0 has no [[nodiscard]] of its own.
//
// Propagation: KPS_TRY(expr) returns the failure of `expr` to the caller;
// KPS_TRY_LET(name, expr) binds the value of `expr` to `name` or returns its failure.
// The failure is converted to the caller's error type by its converting constructor
// or, across layers, by KPS_TRY_MAP / KPS_TRY_LET_MAP with a mapping function.
#include <tl/expected.hpp>
#include <utility>

namespace kps {

template <class T, class E> class [[nodiscard]] Expected : public tl::expected<T, E> {
public:
    using Base = tl::expected<T, E>;
    using Base::Base;
    Expected(const Base& other)
        : Base(other) {}
    Expected(Base&& other) noexcept(std::is_nothrow_move_constructible_v<Base>)
        : Base(std::move(other)) {}
};

/// A deliberate decision not to look at a result, with the reason in the code:
/// `ignoreResult(x, "best effort: the file is removed again at the next start")`.
template <class T, class E>
inline void ignoreResult(const Expected<T, E>& /*result*/, const char* /*why*/) noexcept {}

} // namespace kps

#define KPS_DETAIL_CONCAT2(a, b) a##b
#define KPS_DETAIL_CONCAT(a, b) KPS_DETAIL_CONCAT2(a, b)
#define KPS_DETAIL_TEMP KPS_DETAIL_CONCAT(kps_try_result_, __LINE__)

/// Returns the failure of `expr` to the caller (its error converts to the caller's).
#define KPS_TRY(expr)                                                                              \
    do {                                                                                           \
        auto&& kps_try_result = (expr);                                                            \
        if (!kps_try_result)                                                                       \
            return ::tl::unexpected(std::move(kps_try_result).error());                            \
    } while (false)

/// As KPS_TRY, the failure passed through `map` first (an error of another layer).
#define KPS_TRY_MAP(expr, map)                                                                     \
    do {                                                                                           \
        auto&& kps_try_result = (expr);                                                            \
        if (!kps_try_result)                                                                       \
            return ::tl::unexpected(map(std::move(kps_try_result).error()));                       \
    } while (false)

/// Declares `name` holding the value of `expr`, or returns its failure to the caller.
#define KPS_TRY_LET(name, expr)                                                                    \
    auto KPS_DETAIL_TEMP = (expr);                                                                 \
    if (!KPS_DETAIL_TEMP)                                                                          \
        return ::tl::unexpected(std::move(KPS_DETAIL_TEMP).error());                               \
    auto name = std::move(*KPS_DETAIL_TEMP)

/// As KPS_TRY_LET, the failure passed through `map` first.
#define KPS_TRY_LET_MAP(name, expr, map)                                                           \
    auto KPS_DETAIL_TEMP = (expr);                                                                 \
    if (!KPS_DETAIL_TEMP)                                                                          \
        return ::tl::unexpected(map(std::move(KPS_DETAIL_TEMP).error()));                          \
    auto name = std::move(*KPS_DETAIL_TEMP)
