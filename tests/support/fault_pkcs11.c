/* A PKCS#11 module for fault injection only: it forwards every call to the real
 * module named by KPS_FAULT_TARGET (default: SoftHSM2) and changes what the test
 * asks for through KPS_FAULT:
 *   locked   - the token reports CKF_USER_PIN_LOCKED and C_Login answers CKR_PIN_LOCKED
 * It exports only C_GetFunctionList (no C_GetInterface), so loading it also exercises
 * the station's fallback to the PKCS#11 2.x entry point. */
#include <dlfcn.h>
#include <p11-kit/pkcs11.h>
#include <stdlib.h>
#include <string.h>

static CK_FUNCTION_LIST real;
static CK_FUNCTION_LIST faulty;

static int fault(const char* name) {
    const char* wanted = getenv("KPS_FAULT");
    return wanted && strcmp(wanted, name) == 0;
}

static CK_RV faultyGetTokenInfo(CK_SLOT_ID slot, CK_TOKEN_INFO* info) {
    CK_RV rv = real.C_GetTokenInfo(slot, info);
    if (rv == CKR_OK && fault("locked"))
        info->flags |= CKF_USER_PIN_LOCKED;
    return rv;
}

static CK_RV faultyLogin(CK_SESSION_HANDLE session, CK_USER_TYPE user, CK_UTF8CHAR* pin,
                         CK_ULONG length) {
    if (fault("locked"))
        return CKR_PIN_LOCKED;
    return real.C_Login(session, user, pin, length);
}

CK_RV C_GetFunctionList(CK_FUNCTION_LIST** list) {
    static void* library;
    if (!library) {
        const char* target = getenv("KPS_FAULT_TARGET");
        library = dlopen(target ? target : "/usr/lib/softhsm/libsofthsm2.so", RTLD_NOW);
        if (!library)
            return CKR_GENERAL_ERROR;
        CK_C_GetFunctionList get = (CK_C_GetFunctionList)dlsym(library, "C_GetFunctionList");
        CK_FUNCTION_LIST* target_list = NULL;
        if (!get || get(&target_list) != CKR_OK)
            return CKR_GENERAL_ERROR;
        real = *target_list;
        faulty = real;
        faulty.C_GetTokenInfo = faultyGetTokenInfo;
        faulty.C_Login = faultyLogin;
    }
    *list = &faulty;
    return CKR_OK;
}
