#include "kps/hsm/error.hpp"

#include "error_codes.hpp"

#include <cstdio>

namespace kps::hsm {

std::string ckrName(CK_RV rv) {
    if (const auto* info = detail::codeInfo(rv))
        return info->name;
    char buffer[40];
    const char* prefix = rv >= CKR_VENDOR_DEFINED ? "CKR_VENDOR_DEFINED+" : "CKR_";
    std::snprintf(
        buffer, sizeof buffer, "%s0x%08lx", prefix,
        static_cast<unsigned long>(rv >= CKR_VENDOR_DEFINED ? rv - CKR_VENDOR_DEFINED : rv));
    return buffer;
}

std::string ckrHint(CK_RV rv) {
    if (const auto* info = detail::codeInfo(rv))
        return info->hint;
    return rv >= CKR_VENDOR_DEFINED ? "a code of the HSM's vendor: see its manual"
                                    : "an unknown code: check the HSM module's log";
}

std::string HsmError::message() const {
    std::string text = call + " failed (" + ckrName(rv) + ")";
    if (!object.empty())
        text += " on " + object;
    if (!hint.empty())
        text += ": " + hint;
    return text;
}

HsmError makeError(std::string call, CK_RV rv, std::string object, std::string hint) {
    if (hint.empty())
        hint = ckrHint(rv);
    return HsmError{std::move(call), rv, std::move(object), std::move(hint)};
}

tl::unexpected<HsmError> fail(std::string call, CK_RV rv, std::string object, std::string hint) {
    return tl::unexpected(makeError(std::move(call), rv, std::move(object), std::move(hint)));
}

bool isHandleGone(CK_RV rv) {
    return rv == CKR_OBJECT_HANDLE_INVALID || rv == CKR_KEY_HANDLE_INVALID ||
           rv == CKR_WRAPPING_KEY_HANDLE_INVALID || rv == CKR_UNWRAPPING_KEY_HANDLE_INVALID;
}

} // namespace kps::hsm
