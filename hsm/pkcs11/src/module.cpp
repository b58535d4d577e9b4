#include "kps/hsm/module.hpp"

#include <cstdio>
#include <cstdlib>
#include <dlfcn.h>
#include <map>
#include <mutex>
#include <utility>

namespace kps::hsm {

namespace {

/// A module loaded twice in one process (two stations in a test, a tool beside the
/// station) is initialised once and finalised when its last user lets go.
class Initialisations {
public:
    CK_RV acquire(void* library, CK_FUNCTION_LIST* api) {
        std::lock_guard lock(mutex_);
        Use& use = uses_[library];
        if (use.count++ > 0)
            return CKR_OK;
        CK_C_INITIALIZE_ARGS args{};
        args.flags = CKF_OS_LOCKING_OK;
        const CK_RV rv = api->C_Initialize(&args);
        // Already initialised by someone else in the process: use it, never finalise it.
        use.owned = rv == CKR_OK;
        if (rv != CKR_OK && rv != CKR_CRYPTOKI_ALREADY_INITIALIZED) {
            uses_.erase(library);
            return rv;
        }
        return CKR_OK;
    }
    void release(void* library, CK_FUNCTION_LIST* api) {
        std::lock_guard lock(mutex_);
        Use& use = uses_[library];
        if (--use.count > 0)
            return;
        const bool owned = use.owned;
        uses_.erase(library);
        if (owned)
            api->C_Finalize(nullptr);
    }

private:
    struct Use {
        int count = 0;
        bool owned = false;
    };
    std::mutex mutex_;
    std::map<void*, Use> uses_;
};

Initialisations& initialisations() {
    static auto* instance = new Initialisations(); // outlives every static Module
    return *instance;
}

} // namespace

struct Module::State {
    void* library = nullptr;
    CK_FUNCTION_LIST* api = nullptr;
    std::string path;

    ~State() {
        if (api)
            initialisations().release(library, api);
        if (library)
            dlclose(library);
    }
};

namespace {

// PKCS#11 3.0's CK_INTERFACE; the p11-kit headers on Debian 12 describe 2.40.
struct Pkcs11Interface {
    CK_UTF8CHAR* name;
    void* functionList;
    CK_FLAGS flags;
};
using GetInterfaceFn = CK_RV (*)(CK_UTF8CHAR*, CK_VERSION*, Pkcs11Interface**, CK_FLAGS);

Result<CK_FUNCTION_LIST*> resolveFunctionList(void* library, const std::string& path) {
    if (auto getInterface = reinterpret_cast<GetInterfaceFn>(dlsym(library, "C_GetInterface"))) {
        Pkcs11Interface* iface = nullptr;
        CK_UTF8CHAR name[] = "PKCS 11";
        if (getInterface(name, nullptr, &iface, 0) == CKR_OK && iface && iface->functionList)
            return static_cast<CK_FUNCTION_LIST*>(iface->functionList);
    }
    auto getList = reinterpret_cast<CK_C_GetFunctionList>(dlsym(library, "C_GetFunctionList"));
    if (!getList)
        return fail("dlsym(C_GetFunctionList)", CKR_GENERAL_ERROR, path,
                    "the file is not a PKCS#11 module");
    CK_FUNCTION_LIST* list = nullptr;
    if (CK_RV rv = getList(&list); rv != CKR_OK || !list)
        return fail("C_GetFunctionList", rv == CKR_OK ? CKR_GENERAL_ERROR : rv, path);
    return list;
}

} // namespace

Module::Module(std::unique_ptr<State> state)
    : state_(std::move(state)) {}
Module::Module(Module&&) noexcept = default;
Module& Module::operator=(Module&&) noexcept = default;
Module::~Module() = default;

Result<Module> Module::load(const std::string& path) {
    auto state = std::make_unique<State>();
    state->path = path;
    state->library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!state->library) {
        const char* reason = dlerror();
        return fail("dlopen", CKR_LIBRARY_LOAD_FAILED, path,
                    std::string("the PKCS#11 module cannot be loaded (") +
                        (reason ? reason : "unknown reason") +
                        "): install it, or name the right module in station.json");
    }
    auto list = resolveFunctionList(state->library, path);
    if (!list)
        return tl::unexpected(list.error());
    if (CK_RV rv = initialisations().acquire(state->library, *list); rv != CKR_OK)
        return fail("C_Initialize", rv, path);
    state->api = *list;
    return Module(std::move(state));
}

CK_FUNCTION_LIST* Module::api() const {
    return state_->api;
}
const std::string& Module::path() const {
    return state_->path;
}

Result<std::vector<CK_SLOT_ID>> Module::slotsWithToken() const {
    CK_ULONG count = 0;
    if (CK_RV rv = api()->C_GetSlotList(CK_TRUE, nullptr, &count); rv != CKR_OK)
        return fail("C_GetSlotList", rv, path());
    std::vector<CK_SLOT_ID> slots(count);
    if (CK_RV rv = api()->C_GetSlotList(CK_TRUE, slots.data(), &count); rv != CKR_OK)
        return fail("C_GetSlotList", rv, path());
    slots.resize(count);
    return slots;
}

Result<CK_TOKEN_INFO> Module::tokenInfo(CK_SLOT_ID slot) const {
    CK_TOKEN_INFO info{};
    if (CK_RV rv = api()->C_GetTokenInfo(slot, &info); rv != CKR_OK)
        return fail("C_GetTokenInfo", rv, path());
    return info;
}

Result<CK_SLOT_ID> Module::slotByTokenLabel(const std::string& label) const {
    auto slots = slotsWithToken();
    if (!slots)
        return tl::unexpected(slots.error());
    for (CK_SLOT_ID slot : *slots) {
        auto info = tokenInfo(slot);
        if (info && (info->flags & CKF_TOKEN_INITIALIZED) &&
            trimPadded(info->label, sizeof info->label) == label)
            return slot;
    }
    return fail("find token", CKR_TOKEN_NOT_PRESENT, "token " + label,
                "run kps init, or check the token label in the station configuration");
}

Result<CK_SLOT_ID> Module::freeSlot() const {
    auto slots = slotsWithToken();
    if (!slots)
        return tl::unexpected(slots.error());
    for (CK_SLOT_ID slot : *slots) {
        auto info = tokenInfo(slot);
        if (info && !(info->flags & CKF_TOKEN_INITIALIZED))
            return slot;
    }
    return fail("find free slot", CKR_TOKEN_NOT_PRESENT, path(),
                "the module has no uninitialised token to set up");
}

bool Module::hasMechanism(CK_SLOT_ID slot, CK_MECHANISM_TYPE mechanism) const {
    CK_MECHANISM_INFO info{};
    return api()->C_GetMechanismInfo(slot, mechanism, &info) == CKR_OK;
}

std::vector<CK_MECHANISM_TYPE>
Module::missingMechanisms(CK_SLOT_ID slot, const std::vector<CK_MECHANISM_TYPE>& needed) const {
    std::vector<CK_MECHANISM_TYPE> missing;
    for (CK_MECHANISM_TYPE mechanism : needed)
        if (!hasMechanism(slot, mechanism))
            missing.push_back(mechanism);
    return missing;
}

std::string Module::description() const {
    CK_INFO info{};
    if (api()->C_GetInfo(&info) != CKR_OK)
        return path();
    return trimPadded(info.libraryDescription, sizeof info.libraryDescription) + " " +
           std::to_string(info.libraryVersion.major) + "." +
           std::to_string(info.libraryVersion.minor) + " (" +
           trimPadded(info.manufacturerID, sizeof info.manufacturerID) + ")";
}

std::string mechanismName(CK_MECHANISM_TYPE mechanism) {
    static const std::map<CK_MECHANISM_TYPE, const char*> names = {
        {CKM_AES_KEY_GEN, "CKM_AES_KEY_GEN"},
        {CKM_AES_KEY_WRAP_PAD, "CKM_AES_KEY_WRAP_PAD"},
        {CKM_AES_CMAC, "CKM_AES_CMAC"},
        {CKM_AES_ECB_ENCRYPT_DATA, "CKM_AES_ECB_ENCRYPT_DATA"},
        {CKM_RSA_PKCS_OAEP, "CKM_RSA_PKCS_OAEP"},
        {CKM_RSA_PKCS_KEY_PAIR_GEN, "CKM_RSA_PKCS_KEY_PAIR_GEN"},
        {CKM_EC_KEY_PAIR_GEN, "CKM_EC_KEY_PAIR_GEN"},
        {CKM_ECDSA, "CKM_ECDSA"},
        {CKM_GENERIC_SECRET_KEY_GEN, "CKM_GENERIC_SECRET_KEY_GEN"},
    };
    if (auto found = names.find(mechanism); found != names.end())
        return found->second;
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, "CKM_0x%08lx", static_cast<unsigned long>(mechanism));
    return buffer;
}

std::string trimPadded(const unsigned char* field, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(field), size);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\0'))
        text.pop_back();
    return text;
}

std::string defaultModulePath() {
    if (const char* configured = std::getenv("KPS_PKCS11_MODULE"); configured && *configured)
        return configured;
    return "/usr/lib/softhsm/libsofthsm2.so";
}

} // namespace kps::hsm
