#include "kps/hsm/token.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

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
                                   const secure::SecretBytes& soPin,
                                   const secure::SecretBytes& userPin) {
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

Status logInChecked(const Module& module, const Session& session, CK_USER_TYPE user,
                    const secure::SecretBytes& pin, const std::string& tokenName) {
    auto info = module.tokenInfo(session.slot());
    if (!info)
        return tl::unexpected(info.error());
    const CK_FLAGS locked = user == CKU_SO ? CKF_SO_PIN_LOCKED : CKF_USER_PIN_LOCKED;
    const std::string who = user == CKU_SO ? "security officer" : "user";
    if (info->flags & locked)
        return fail("C_Login", CKR_PIN_LOCKED, "token " + tokenName + " (" + who + ")",
                    "the token reports the " + who +
                        " PIN locked; nothing was tried: a security officer must unlock it");
    if (auto loggedIn = session.login(user, pin); !loggedIn) {
        auto error = loggedIn.error();
        error.object = "token " + tokenName + " (" + who + ")";
        return tl::unexpected(error);
    }
    return {};
}

Result<Session> openUserSession(const Module& module, const std::string& tokenLabel,
                                const secure::SecretBytes& userPin) {
    auto slot = module.slotByTokenLabel(tokenLabel);
    if (!slot)
        return tl::unexpected(slot.error());
    auto session = Session::open(module, *slot);
    if (!session)
        return session;
    if (auto loggedIn = logInChecked(module, *session, CKU_USER, userPin, tokenLabel); !loggedIn)
        return tl::unexpected(loggedIn.error());
    return session;
}

Result<CK_SLOT_ID> findTokenSlot(const Module& module, const Pkcs11Uri& uri) {
    auto slots = module.slotsWithToken();
    if (!slots)
        return tl::unexpected(slots.error());
    std::vector<CK_SLOT_ID> matching;
    for (CK_SLOT_ID slot : *slots) {
        auto info = module.tokenInfo(slot);
        if (info && (info->flags & CKF_TOKEN_INITIALIZED) && uri.matchesToken(*info))
            matching.push_back(slot);
    }
    if (matching.size() == 1)
        return matching.front();
    if (matching.empty())
        return fail("find token", CKR_TOKEN_NOT_PRESENT, uri.text(),
                    "no initialised token matches the URI: check station.json and the HSM");
    return fail("find token", CKR_SLOT_ID_INVALID, uri.text(),
                "several tokens match the URI: add serial= or model= to it");
}

} // namespace kps::hsm
