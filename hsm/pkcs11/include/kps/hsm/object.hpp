#pragma once
// Objects on a token: search, attribute reads, and SessionObject, an owned handle
// destroyed on scope exit (derived keys, imported public keys, transport copies).
#include "kps/hsm/attributes.hpp"
#include "kps/hsm/error.hpp"
#include "kps/secure/secret_bytes.hpp"

#include <string>
#include <vector>

namespace kps::hsm {

class Session;

class SessionObject {
public:
    SessionObject() = default;
    SessionObject(const Session& session, CK_OBJECT_HANDLE handle);
    SessionObject(SessionObject&& other) noexcept;
    SessionObject& operator=(SessionObject&& other) noexcept;
    SessionObject(const SessionObject&) = delete;
    SessionObject& operator=(const SessionObject&) = delete;
    ~SessionObject();

    CK_OBJECT_HANDLE handle() const { return handle_; }
    /// Hands the handle over; this object no longer destroys it.
    CK_OBJECT_HANDLE release();

private:
    void destroy() noexcept;
    CK_FUNCTION_LIST* api_ = nullptr;
    CK_SESSION_HANDLE session_ = CK_INVALID_HANDLE;
    CK_OBJECT_HANDLE handle_ = CK_INVALID_HANDLE;
};

/// Every object matching the template (C_FindObjectsInit/C_FindObjects/C_FindObjectsFinal,
/// the search always finalised); `what` names the search in errors.
Result<std::vector<CK_OBJECT_HANDLE>> findObjects(const Session& session, Attributes& filter,
                                                  const std::string& what = "token objects");

/// The one object matching the template; an error names `what` if none or several.
Result<CK_OBJECT_HANDLE> findOne(const Session& session, Attributes& filter,
                                 const std::string& what);

/// The one object with this class and label; an error names the label if none or several.
Result<CK_OBJECT_HANDLE> findByLabel(const Session& session, CK_OBJECT_CLASS objectClass,
                                     const std::string& label);

/// Number of objects the session can see (token objects plus its session objects).
Result<std::size_t> countObjects(const Session& session);

Result<std::vector<std::uint8_t>> readBytes(const Session& session, CK_OBJECT_HANDLE object,
                                            CK_ATTRIBUTE_TYPE type, const std::string& label = {});
Result<CK_ULONG> readNumber(const Session& session, CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type,
                            const std::string& label);
Result<std::string> readLabel(const Session& session, CK_OBJECT_HANDLE object);
/// The value of a non-sensitive secret, straight into locked memory.
Result<secure::SecretBytes> readSecretValue(const Session& session, CK_OBJECT_HANDLE object);

Status destroyObject(const Session& session, CK_OBJECT_HANDLE object, const std::string& label);
Status setFlag(const Session& session, CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type, bool value,
               const std::string& label = {});

} // namespace kps::hsm
