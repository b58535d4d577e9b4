#include "kps/hsm/session.hpp"

#include "kps/hsm/module.hpp"

#include <utility>

namespace kps::hsm {

Session::Session(CK_FUNCTION_LIST* api, CK_SESSION_HANDLE handle, CK_SLOT_ID slot)
    : api_(api)
    , handle_(handle)
    , slot_(slot) {}

Session::Session(Session&& other) noexcept
    : api_(other.api_)
    , handle_(std::exchange(other.handle_, CK_INVALID_HANDLE))
    , slot_(other.slot_) {}

Session& Session::operator=(Session&& other) noexcept {
    if (this != &other) {
        close();
        api_ = other.api_;
        handle_ = std::exchange(other.handle_, CK_INVALID_HANDLE);
        slot_ = other.slot_;
    }
    return *this;
}

Session::~Session() {
    close();
}

void Session::close() noexcept {
    if (handle_ != CK_INVALID_HANDLE)
        api_->C_CloseSession(handle_); // errors on close cannot be acted upon
    handle_ = CK_INVALID_HANDLE;
}

Result<Session> Session::open(const Module& module, CK_SLOT_ID slot) {
    CK_SESSION_HANDLE handle = CK_INVALID_HANDLE;
    CK_RV rv = module.api()->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr,
                                           nullptr, &handle);
    if (rv != CKR_OK)
        return fail("C_OpenSession", rv, "slot " + std::to_string(slot));
    return Session(module.api(), handle, slot);
}

Status Session::login(CK_USER_TYPE user, const secure::SecretBytes& pin) const {
    auto* pinChars = const_cast<CK_UTF8CHAR*>(pin.data());
    CK_RV rv = api_->C_Login(handle_, user, pinChars, static_cast<CK_ULONG>(pin.size()));
    if (rv != CKR_OK && rv != CKR_USER_ALREADY_LOGGED_IN)
        return fail("C_Login", rv, user == CKU_SO ? "security officer" : "user");
    return {};
}

Status Session::logout() const {
    if (CK_RV rv = api_->C_Logout(handle_); rv != CKR_OK && rv != CKR_USER_NOT_LOGGED_IN)
        return fail("C_Logout", rv);
    return {};
}

} // namespace kps::hsm
