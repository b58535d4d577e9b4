#include "kps/hsm/module.hpp"

#include <cstdlib>
#include <dlfcn.h>
#include <utility>

namespace kps::hsm {

struct Module::State {
    void* library = nullptr;
    CK_FUNCTION_LIST* api = nullptr;
    std::string path;

    ~State() {
        if (api)
            api->C_Finalize(nullptr);
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
    if (!state->library)
        return fail("dlopen", CKR_GENERAL_ERROR, path,
                    "the PKCS#11 module is missing: install it or set KPS_PKCS11_MODULE");
    auto list = resolveFunctionList(state->library, path);
    if (!list)
        return tl::unexpected(list.error());
    CK_C_INITIALIZE_ARGS args{};
    args.flags = CKF_OS_LOCKING_OK;
    if (CK_RV rv = (*list)->C_Initialize(&args); rv != CKR_OK)
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
