#include "kps/hsm/error.hpp"

#include <cstdio>
#include <map>

namespace kps::hsm {
namespace {

struct CodeInfo {
    const char* name;
    const char* hint;
};

const std::map<CK_RV, CodeInfo>& codeTable() {
    static const std::map<CK_RV, CodeInfo> table = {
        {CKR_OK, {"CKR_OK", ""}},
        {CKR_GENERAL_ERROR, {"CKR_GENERAL_ERROR", "check the HSM module log"}},
        {CKR_HOST_MEMORY, {"CKR_HOST_MEMORY", "the station is out of memory"}},
        {CKR_ARGUMENTS_BAD, {"CKR_ARGUMENTS_BAD", "report this as a station bug"}},
        {CKR_ATTRIBUTE_VALUE_INVALID, {"CKR_ATTRIBUTE_VALUE_INVALID", "check the key policy"}},
        {CKR_ATTRIBUTE_TYPE_INVALID,
         {"CKR_ATTRIBUTE_TYPE_INVALID", "the module lacks an attribute"}},
        {CKR_ATTRIBUTE_SENSITIVE, {"CKR_ATTRIBUTE_SENSITIVE", "the key is sensitive by policy"}},
        {CKR_DEVICE_ERROR, {"CKR_DEVICE_ERROR", "check that the HSM is connected"}},
        {CKR_DEVICE_REMOVED, {"CKR_DEVICE_REMOVED", "reconnect the HSM and restart the station"}},
        {CKR_DATA_LEN_RANGE, {"CKR_DATA_LEN_RANGE", "the input has the wrong length"}},
        {CKR_ENCRYPTED_DATA_INVALID, {"CKR_ENCRYPTED_DATA_INVALID", "the wrapped data is corrupt"}},
        {CKR_ENCRYPTED_DATA_LEN_RANGE,
         {"CKR_ENCRYPTED_DATA_LEN_RANGE", "the wrapped data is truncated"}},
        {CKR_FUNCTION_NOT_SUPPORTED,
         {"CKR_FUNCTION_NOT_SUPPORTED", "use a module that supports it"}},
        {CKR_KEY_HANDLE_INVALID, {"CKR_KEY_HANDLE_INVALID", "the key no longer exists"}},
        {CKR_KEY_TYPE_INCONSISTENT, {"CKR_KEY_TYPE_INCONSISTENT", "wrong key type for this use"}},
        {CKR_KEY_FUNCTION_NOT_PERMITTED,
         {"CKR_KEY_FUNCTION_NOT_PERMITTED", "the key policy forbids this use"}},
        {CKR_KEY_UNEXTRACTABLE, {"CKR_KEY_UNEXTRACTABLE", "the key policy forbids export"}},
        {CKR_KEY_NOT_WRAPPABLE, {"CKR_KEY_NOT_WRAPPABLE", "the key policy forbids wrapping"}},
        {CKR_MECHANISM_INVALID,
         {"CKR_MECHANISM_INVALID", "the module does not offer this mechanism"}},
        {CKR_MECHANISM_PARAM_INVALID,
         {"CKR_MECHANISM_PARAM_INVALID", "the module rejects these parameters"}},
        {CKR_OBJECT_HANDLE_INVALID, {"CKR_OBJECT_HANDLE_INVALID", "the object no longer exists"}},
        {CKR_OPERATION_ACTIVE, {"CKR_OPERATION_ACTIVE", "report this as a station bug"}},
        {CKR_PIN_INCORRECT, {"CKR_PIN_INCORRECT", "check the PIN file or environment variable"}},
        {CKR_PIN_INVALID, {"CKR_PIN_INVALID", "the PIN has characters the token refuses"}},
        {CKR_PIN_LEN_RANGE, {"CKR_PIN_LEN_RANGE", "the PIN is too short or too long"}},
        {CKR_PIN_LOCKED,
         {"CKR_PIN_LOCKED", "the token is locked: a security officer must reset the user PIN"}},
        {CKR_SESSION_HANDLE_INVALID,
         {"CKR_SESSION_HANDLE_INVALID", "the HSM session was lost: restart the station"}},
        {CKR_SIGNATURE_INVALID, {"CKR_SIGNATURE_INVALID", "the signature does not match"}},
        {CKR_SLOT_ID_INVALID, {"CKR_SLOT_ID_INVALID", "check the token URI"}},
        {CKR_TEMPLATE_INCOMPLETE, {"CKR_TEMPLATE_INCOMPLETE", "report this as a station bug"}},
        {CKR_TEMPLATE_INCONSISTENT,
         {"CKR_TEMPLATE_INCONSISTENT", "the key policy is inconsistent"}},
        {CKR_TOKEN_NOT_PRESENT, {"CKR_TOKEN_NOT_PRESENT", "insert or initialise the token"}},
        {CKR_TOKEN_NOT_RECOGNIZED, {"CKR_TOKEN_NOT_RECOGNIZED", "check the token"}},
        {CKR_TOKEN_WRITE_PROTECTED, {"CKR_TOKEN_WRITE_PROTECTED", "the token is read-only"}},
        {CKR_UNWRAPPING_KEY_HANDLE_INVALID,
         {"CKR_UNWRAPPING_KEY_HANDLE_INVALID", "the unwrapping key is missing"}},
        {CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT,
         {"CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT", "wrong unwrapping key type"}},
        {CKR_USER_ALREADY_LOGGED_IN, {"CKR_USER_ALREADY_LOGGED_IN", ""}},
        {CKR_USER_NOT_LOGGED_IN, {"CKR_USER_NOT_LOGGED_IN", "log in to the token first"}},
        {CKR_USER_PIN_NOT_INITIALIZED,
         {"CKR_USER_PIN_NOT_INITIALIZED", "initialise the token with kps init"}},
        {CKR_WRAPPED_KEY_INVALID,
         {"CKR_WRAPPED_KEY_INVALID", "the wrapped key is corrupt or for another key"}},
        {CKR_WRAPPED_KEY_LEN_RANGE, {"CKR_WRAPPED_KEY_LEN_RANGE", "the wrapped key is truncated"}},
        {CKR_WRAPPING_KEY_HANDLE_INVALID,
         {"CKR_WRAPPING_KEY_HANDLE_INVALID", "the wrapping key is missing"}},
        {CKR_WRAPPING_KEY_TYPE_INCONSISTENT,
         {"CKR_WRAPPING_KEY_TYPE_INCONSISTENT", "wrong wrapping key type"}},
        {CKR_BUFFER_TOO_SMALL, {"CKR_BUFFER_TOO_SMALL", "report this as a station bug"}},
        {CKR_CRYPTOKI_NOT_INITIALIZED,
         {"CKR_CRYPTOKI_NOT_INITIALIZED", "report this as a station bug"}},
        {CKR_CRYPTOKI_ALREADY_INITIALIZED,
         {"CKR_CRYPTOKI_ALREADY_INITIALIZED", "another part of the process loaded the module"}},
    };
    return table;
}

} // namespace

std::string ckrName(CK_RV rv) {
    const auto& table = codeTable();
    if (auto it = table.find(rv); it != table.end())
        return it->second.name;
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "CKR_0x%08lx", static_cast<unsigned long>(rv));
    return buffer;
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
    if (hint.empty()) {
        const auto& table = codeTable();
        if (auto it = table.find(rv); it != table.end())
            hint = it->second.hint;
    }
    return HsmError{std::move(call), rv, std::move(object), std::move(hint)};
}

tl::unexpected<HsmError> fail(std::string call, CK_RV rv, std::string object, std::string hint) {
    return tl::unexpected(makeError(std::move(call), rv, std::move(object), std::move(hint)));
}

} // namespace kps::hsm
