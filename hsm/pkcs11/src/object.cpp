#include "kps/hsm/object.hpp"

#include "kps/hsm/session.hpp"

#include <utility>

namespace kps::hsm {

SessionObject::SessionObject(const Session& session, CK_OBJECT_HANDLE handle)
    : api_(session.api())
    , session_(session.handle())
    , handle_(handle) {}

SessionObject::SessionObject(SessionObject&& other) noexcept
    : api_(other.api_)
    , session_(other.session_)
    , handle_(std::exchange(other.handle_, CK_INVALID_HANDLE)) {}

SessionObject& SessionObject::operator=(SessionObject&& other) noexcept {
    if (this != &other) {
        destroy();
        api_ = other.api_;
        session_ = other.session_;
        handle_ = std::exchange(other.handle_, CK_INVALID_HANDLE);
    }
    return *this;
}

SessionObject::~SessionObject() {
    destroy();
}

CK_OBJECT_HANDLE SessionObject::release() {
    return std::exchange(handle_, CK_INVALID_HANDLE);
}

void SessionObject::destroy() noexcept {
    if (handle_ != CK_INVALID_HANDLE)
        api_->C_DestroyObject(session_, handle_); // a session object dies with its session anyway
    handle_ = CK_INVALID_HANDLE;
}

namespace {

class FindOperation {
public:
    explicit FindOperation(const Session& session)
        : session_(session) {}
    ~FindOperation() {
        if (active_)
            session_.api()->C_FindObjectsFinal(session_.handle());
    }
    Status start(Attributes& filter, const std::string& what) {
        CK_RV rv =
            session_.api()->C_FindObjectsInit(session_.handle(), filter.data(), filter.size());
        if (rv != CKR_OK)
            return fail("C_FindObjectsInit", rv, what);
        active_ = true;
        return {};
    }

private:
    const Session& session_;
    bool active_ = false;
};

} // namespace

Result<std::vector<CK_OBJECT_HANDLE>> findObjects(const Session& session, Attributes& filter,
                                                  const std::string& what) {
    FindOperation operation(session);
    if (auto started = operation.start(filter, what); !started)
        return tl::unexpected(started.error());
    std::vector<CK_OBJECT_HANDLE> found;
    CK_OBJECT_HANDLE batch[64];
    for (;;) {
        CK_ULONG count = 0;
        CK_RV rv = session.api()->C_FindObjects(session.handle(), batch, 64, &count);
        if (rv != CKR_OK)
            return fail("C_FindObjects", rv, what);
        found.insert(found.end(), batch, batch + count);
        if (count < 64)
            return found;
    }
}

Result<CK_OBJECT_HANDLE> findOne(const Session& session, Attributes& filter,
                                 const std::string& what) {
    auto found = findObjects(session, filter, what);
    if (!found)
        return tl::unexpected(found.error());
    if (found->empty())
        return fail("find object", CKR_OBJECT_HANDLE_INVALID, what,
                    "the key is not on the token: was it imported, or already destroyed?");
    if (found->size() > 1)
        return fail("find object", CKR_GENERAL_ERROR, what,
                    "several objects match: the token needs a key custodian's review");
    return found->front();
}

Result<CK_OBJECT_HANDLE> findByLabel(const Session& session, CK_OBJECT_CLASS objectClass,
                                     const std::string& label) {
    Attributes filter;
    filter.number(CKA_CLASS, objectClass).text(CKA_LABEL, label);
    return findOne(session, filter, label);
}

Result<std::size_t> countObjects(const Session& session) {
    Attributes everything;
    auto found = findObjects(session, everything);
    if (!found)
        return tl::unexpected(found.error());
    return found->size();
}

Result<std::vector<std::uint8_t>> readBytes(const Session& session, CK_OBJECT_HANDLE object,
                                            CK_ATTRIBUTE_TYPE type, const std::string& label) {
    CK_ATTRIBUTE attribute{type, nullptr, 0};
    CK_RV rv = session.api()->C_GetAttributeValue(session.handle(), object, &attribute, 1);
    if (rv != CKR_OK)
        return fail("C_GetAttributeValue", rv, label);
    std::vector<std::uint8_t> value(attribute.ulValueLen);
    attribute.pValue = value.data();
    rv = session.api()->C_GetAttributeValue(session.handle(), object, &attribute, 1);
    if (rv != CKR_OK)
        return fail("C_GetAttributeValue", rv, label);
    value.resize(attribute.ulValueLen);
    return value;
}

Result<CK_ULONG> readNumber(const Session& session, CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type,
                            const std::string& label) {
    CK_ULONG value = 0;
    CK_ATTRIBUTE attribute{type, &value, sizeof value};
    if (CK_RV rv = session.api()->C_GetAttributeValue(session.handle(), object, &attribute, 1);
        rv != CKR_OK)
        return fail("C_GetAttributeValue", rv, label);
    return value;
}

Result<std::string> readLabel(const Session& session, CK_OBJECT_HANDLE object) {
    auto raw = readBytes(session, object, CKA_LABEL);
    if (!raw)
        return tl::unexpected(raw.error());
    return std::string(raw->begin(), raw->end());
}

Result<secure::SecretBytes> readSecretValue(const Session& session, CK_OBJECT_HANDLE object) {
    // One call in the usual case (keys and passwords fit): a size query would cost the
    // module a second decryption of the value.
    constexpr CK_ULONG kGuess = 64;
    secure::SecretBytes guess(kGuess);
    CK_ATTRIBUTE attribute{CKA_VALUE, guess.data(), kGuess};
    CK_RV rv = session.api()->C_GetAttributeValue(session.handle(), object, &attribute, 1);
    if (rv == CKR_OK) {
        guess.shrink(attribute.ulValueLen);
        return guess;
    }
    if (rv != CKR_BUFFER_TOO_SMALL)
        return fail("C_GetAttributeValue(CKA_VALUE)", rv, "session copy");
    attribute = {CKA_VALUE, nullptr, 0};
    rv = session.api()->C_GetAttributeValue(session.handle(), object, &attribute, 1);
    if (rv != CKR_OK)
        return fail("C_GetAttributeValue(CKA_VALUE)", rv, "session copy");
    secure::SecretBytes value(attribute.ulValueLen);
    attribute.pValue = value.data();
    rv = session.api()->C_GetAttributeValue(session.handle(), object, &attribute, 1);
    if (rv != CKR_OK)
        return fail("C_GetAttributeValue(CKA_VALUE)", rv);
    value.shrink(attribute.ulValueLen);
    return value;
}

Status destroyObject(const Session& session, CK_OBJECT_HANDLE object, const std::string& label) {
    if (CK_RV rv = session.api()->C_DestroyObject(session.handle(), object); rv != CKR_OK)
        return fail("C_DestroyObject", rv, label);
    return {};
}

Status setFlag(const Session& session, CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type, bool value,
               const std::string& label) {
    CK_BBOOL flag = value ? CK_TRUE : CK_FALSE;
    CK_ATTRIBUTE attribute{type, &flag, sizeof flag};
    if (CK_RV rv = session.api()->C_SetAttributeValue(session.handle(), object, &attribute, 1);
        rv != CKR_OK)
        return fail("C_SetAttributeValue", rv, label);
    return {};
}

} // namespace kps::hsm
