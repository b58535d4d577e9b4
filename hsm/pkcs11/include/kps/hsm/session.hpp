#pragma once
// One PKCS#11 session; closed when the object dies. One per thread: PKCS#11
// sessions are not to be shared between threads doing work at once.
#include "kps/hsm/error.hpp"
#include "kps/secure/secret_bytes.hpp"

namespace kps::hsm {

class Module;

class Session {
public:
    static Result<Session> open(const Module& module, CK_SLOT_ID slot);

    Session(Session&& other) noexcept;
    Session& operator=(Session&& other) noexcept;
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
    ~Session();

    /// Logs the user (or security officer) in; "already logged in" counts as success.
    Status login(CK_USER_TYPE user, const secure::SecretBytes& pin) const;
    Status logout() const;

    CK_FUNCTION_LIST* api() const { return api_; }
    CK_SESSION_HANDLE handle() const { return handle_; }
    CK_SLOT_ID slot() const { return slot_; }

private:
    Session(CK_FUNCTION_LIST* api, CK_SESSION_HANDLE handle, CK_SLOT_ID slot);
    void close() noexcept;
    CK_FUNCTION_LIST* api_ = nullptr;
    CK_SESSION_HANDLE handle_ = CK_INVALID_HANDLE;
    CK_SLOT_ID slot_ = 0;
};

} // namespace kps::hsm
