#include "kps/hsm/token.hpp"

#include <algorithm>
#include <cstring>

namespace kps::hsm {
namespace {

std::array<CK_UTF8CHAR, 32> paddedLabel(const std::string& label) {
    std::array<CK_UTF8CHAR, 32> padded;
    padded.fill(' ');
    std::memcpy(padded.data(), label.data(), std::min<std::size_t>(label.size(), padded.size()));
    return padded;
}

} // namespace

Result<CK_SLOT_ID> initializeToken(const Module& module, const std::string& label,
                                   const SecretBytes& soPin, const SecretBytes& userPin) {
    if (label.empty() || label.size() > 32)
        return fail("C_InitToken", CKR_ARGUMENTS_BAD, label,
                    "a token label has 1 to 32 characters");
    auto slot = module.freeSlot();
    if (!slot)
        return slot;
    auto padded = paddedLabel(label);
    CK_RV rv = module.api()->C_InitToken(*slot, const_cast<CK_UTF8CHAR*>(soPin.data()),
                                         static_cast<CK_ULONG>(soPin.size()), padded.data());
    if (rv != CKR_OK)
        return fail("C_InitToken", rv, "token " + label);
    // SoftHSM moves a freshly initialised token to a new slot id: look it up again.
    auto initialised = module.slotByTokenLabel(label);
    if (!initialised)
        return initialised;
    auto session = Session::open(module, *initialised);
    if (!session)
        return tl::unexpected(session.error());
    if (auto loggedIn = session->login(CKU_SO, soPin); !loggedIn)
        return tl::unexpected(loggedIn.error());
    rv = module.api()->C_InitPIN(session->handle(), const_cast<CK_UTF8CHAR*>(userPin.data()),
                                 static_cast<CK_ULONG>(userPin.size()));
    if (rv != CKR_OK)
        return fail("C_InitPIN", rv, "token " + label);
    if (auto out = session->logout(); !out)
        return tl::unexpected(out.error());
    return *initialised;
}

Result<Session> openUserSession(const Module& module, const std::string& tokenLabel,
                                const SecretBytes& userPin) {
    auto slot = module.slotByTokenLabel(tokenLabel);
    if (!slot)
        return tl::unexpected(slot.error());
    auto session = Session::open(module, *slot);
    if (!session)
        return session;
    if (auto loggedIn = session->login(CKU_USER, userPin); !loggedIn)
        return tl::unexpected(loggedIn.error());
    return session;
}

} // namespace kps::hsm
