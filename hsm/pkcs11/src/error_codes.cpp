#include "error_codes.hpp"

#include <map>

namespace kps::hsm::detail {
namespace {

constexpr const char* kBug = "report this as a station bug, with the HSM module's name";
constexpr const char* kPolicy = "the key policy forbids it: see docs/key-policy.md";
constexpr const char* kCorrupt = "the wrapped data is corrupt, truncated or for another key";
constexpr const char* kSession = "the HSM session was lost: restart the station";
constexpr const char* kDevice = "check that the HSM is connected and powered, then retry";

#define KPS_CODE(code, hint)                                                                       \
    {                                                                                              \
        code, {                                                                                    \
#code, hint                                                                            \
        }                                                                                          \
    }

const std::map<CK_RV, CodeInfo>& table() {
    static const std::map<CK_RV, CodeInfo> codes = {
        KPS_CODE(CKR_OK, ""),
        KPS_CODE(CKR_CANCEL, "the operation was cancelled"),
        KPS_CODE(CKR_HOST_MEMORY, "the station is out of memory"),
        KPS_CODE(CKR_SLOT_ID_INVALID, "check the token URI in station.json"),
        KPS_CODE(CKR_GENERAL_ERROR, "check the HSM module's log"),
        KPS_CODE(CKR_FUNCTION_FAILED, "the HSM could not do it: check its log and retry"),
        KPS_CODE(CKR_ARGUMENTS_BAD, kBug),
        KPS_CODE(CKR_NO_EVENT, ""),
        KPS_CODE(CKR_NEED_TO_CREATE_THREADS, "the module cannot run in this process"),
        KPS_CODE(CKR_CANT_LOCK, "the module refuses OS locking: it cannot serve several slots"),
        KPS_CODE(CKR_ATTRIBUTE_READ_ONLY, "the module refuses to set this attribute"),
        KPS_CODE(CKR_ATTRIBUTE_SENSITIVE, "the key is sensitive by policy"),
        KPS_CODE(CKR_ATTRIBUTE_TYPE_INVALID, "the module lacks an attribute the policy needs"),
        KPS_CODE(CKR_ATTRIBUTE_VALUE_INVALID, "the module rejects a value of the key policy"),
        KPS_CODE(CKR_ACTION_PROHIBITED, kPolicy),
        KPS_CODE(CKR_DATA_INVALID, "the input is malformed"),
        KPS_CODE(CKR_DATA_LEN_RANGE, "the input has the wrong length"),
        KPS_CODE(CKR_DEVICE_ERROR, kDevice),
        KPS_CODE(CKR_DEVICE_MEMORY, "the HSM is full: destroy the objects of closed orders"),
        KPS_CODE(CKR_DEVICE_REMOVED, "reconnect the HSM and restart the station"),
        KPS_CODE(CKR_ENCRYPTED_DATA_INVALID, kCorrupt),
        KPS_CODE(CKR_ENCRYPTED_DATA_LEN_RANGE, kCorrupt),
        KPS_CODE(CKR_FUNCTION_CANCELED, "the operation was cancelled"),
        KPS_CODE(CKR_FUNCTION_NOT_PARALLEL, kBug),
        KPS_CODE(CKR_FUNCTION_NOT_SUPPORTED, "use a module that supports this function"),
        KPS_CODE(CKR_KEY_HANDLE_INVALID, "the key no longer exists on the token"),
        KPS_CODE(CKR_KEY_SIZE_RANGE, "the key has a length the HSM does not accept"),
        KPS_CODE(CKR_KEY_TYPE_INCONSISTENT, "wrong key type for this use"),
        KPS_CODE(CKR_KEY_NOT_NEEDED, kBug),
        KPS_CODE(CKR_KEY_CHANGED, kBug),
        KPS_CODE(CKR_KEY_NEEDED, kBug),
        KPS_CODE(CKR_KEY_INDIGESTIBLE, "the key cannot be digested"),
        KPS_CODE(CKR_KEY_FUNCTION_NOT_PERMITTED, kPolicy),
        KPS_CODE(CKR_KEY_NOT_WRAPPABLE, kPolicy),
        KPS_CODE(CKR_KEY_UNEXTRACTABLE, kPolicy),
        KPS_CODE(CKR_MECHANISM_INVALID,
                 "the HSM (or the link to it) does not offer this mechanism"),
        KPS_CODE(CKR_MECHANISM_PARAM_INVALID, "the HSM rejects the mechanism's parameters"),
        KPS_CODE(CKR_OBJECT_HANDLE_INVALID, "the object no longer exists on the token"),
        KPS_CODE(CKR_OPERATION_ACTIVE, kBug),
        KPS_CODE(CKR_OPERATION_NOT_INITIALIZED, kBug),
        KPS_CODE(CKR_PIN_INCORRECT, "check the PIN file or environment variable"),
        KPS_CODE(CKR_PIN_INVALID, "the PIN has characters the token refuses"),
        KPS_CODE(CKR_PIN_LEN_RANGE, "the PIN is too short or too long for the token"),
        KPS_CODE(CKR_PIN_EXPIRED, "the PIN has expired: a security officer must set a new one"),
        KPS_CODE(CKR_PIN_LOCKED, "the token is locked: a security officer must reset the user PIN"),
        KPS_CODE(CKR_SESSION_CLOSED, kSession),
        KPS_CODE(CKR_SESSION_COUNT, "the HSM has no free session: stop other programs using it"),
        KPS_CODE(CKR_SESSION_HANDLE_INVALID, kSession),
        KPS_CODE(CKR_SESSION_PARALLEL_NOT_SUPPORTED, "use a module that allows parallel sessions"),
        KPS_CODE(CKR_SESSION_READ_ONLY, kBug),
        KPS_CODE(CKR_SESSION_EXISTS, "close the other programs using the token"),
        KPS_CODE(CKR_SESSION_READ_ONLY_EXISTS, "close the other programs using the token"),
        KPS_CODE(CKR_SESSION_READ_WRITE_SO_EXISTS, "a security officer is logged in: log out"),
        KPS_CODE(CKR_SIGNATURE_INVALID, "the signature does not match"),
        KPS_CODE(CKR_SIGNATURE_LEN_RANGE, "the signature has the wrong length"),
        KPS_CODE(CKR_TEMPLATE_INCOMPLETE, kBug),
        KPS_CODE(CKR_TEMPLATE_INCONSISTENT, "the module finds the key policy inconsistent"),
        KPS_CODE(CKR_TOKEN_NOT_PRESENT, "insert or initialise the token"),
        KPS_CODE(CKR_TOKEN_NOT_RECOGNIZED, "the module does not recognise the token"),
        KPS_CODE(CKR_TOKEN_WRITE_PROTECTED, "the token is read-only"),
        KPS_CODE(CKR_UNWRAPPING_KEY_HANDLE_INVALID, "the unwrapping key is missing"),
        KPS_CODE(CKR_UNWRAPPING_KEY_SIZE_RANGE, "the unwrapping key has the wrong size"),
        KPS_CODE(CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT, "wrong unwrapping key type"),
        KPS_CODE(CKR_USER_ALREADY_LOGGED_IN, ""),
        KPS_CODE(CKR_USER_NOT_LOGGED_IN, "log in to the token first"),
        KPS_CODE(CKR_USER_PIN_NOT_INITIALIZED, "initialise the token with kps init"),
        KPS_CODE(CKR_USER_TYPE_INVALID, kBug),
        KPS_CODE(CKR_USER_ANOTHER_ALREADY_LOGGED_IN,
                 "another user is logged in to the token: log out first"),
        KPS_CODE(CKR_USER_TOO_MANY_TYPES, "too many users are logged in to the token"),
        KPS_CODE(CKR_WRAPPED_KEY_INVALID, kCorrupt),
        KPS_CODE(CKR_WRAPPED_KEY_LEN_RANGE, kCorrupt),
        KPS_CODE(CKR_WRAPPING_KEY_HANDLE_INVALID, "the wrapping key is missing"),
        KPS_CODE(CKR_WRAPPING_KEY_SIZE_RANGE, "the wrapping key has the wrong size"),
        KPS_CODE(CKR_WRAPPING_KEY_TYPE_INCONSISTENT, "wrong wrapping key type"),
        KPS_CODE(CKR_RANDOM_SEED_NOT_SUPPORTED, "the HSM does not take seeds"),
        KPS_CODE(CKR_RANDOM_NO_RNG, "the HSM has no random generator: use another module"),
        KPS_CODE(CKR_DOMAIN_PARAMS_INVALID, "the HSM rejects the key parameters"),
        KPS_CODE(CKR_CURVE_NOT_SUPPORTED, "the HSM does not support the curve P-256"),
        KPS_CODE(CKR_BUFFER_TOO_SMALL, kBug),
        KPS_CODE(CKR_SAVED_STATE_INVALID, kBug),
        KPS_CODE(CKR_INFORMATION_SENSITIVE, "the HSM will not reveal this"),
        KPS_CODE(CKR_STATE_UNSAVEABLE, kBug),
        KPS_CODE(CKR_CRYPTOKI_NOT_INITIALIZED, kBug),
        KPS_CODE(CKR_CRYPTOKI_ALREADY_INITIALIZED, "another part of the process loaded the module"),
        KPS_CODE(CKR_MUTEX_BAD, kBug),
        KPS_CODE(CKR_MUTEX_NOT_LOCKED, kBug),
        KPS_CODE(CKR_NEW_PIN_MODE, "the token wants a new PIN: a security officer must set it"),
        KPS_CODE(CKR_NEXT_OTP, "the token wants the next one-time password"),
        KPS_CODE(CKR_EXCEEDED_MAX_ITERATIONS, "the HSM gave up: retry"),
        KPS_CODE(CKR_FIPS_SELF_TEST_FAILED, "the HSM failed its self test: call its vendor"),
        KPS_CODE(CKR_LIBRARY_LOAD_FAILED, "the module could not load a library it needs"),
        KPS_CODE(CKR_PIN_TOO_WEAK, "choose a stronger PIN"),
        KPS_CODE(CKR_PUBLIC_KEY_INVALID, "the public key is malformed"),
        KPS_CODE(CKR_FUNCTION_REJECTED, "the HSM's operator rejected the request"),
    };
    return codes;
}

#undef KPS_CODE

} // namespace

const CodeInfo* codeInfo(CK_RV rv) {
    const auto& codes = table();
    const auto found = codes.find(rv);
    return found == codes.end() ? nullptr : &found->second;
}

} // namespace kps::hsm::detail
