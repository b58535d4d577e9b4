#pragma once
// A loaded PKCS#11 module: dlopen'ed, initialised with OS locking, finalised and
// unloaded when the last owner lets go. Move-only.
#include "kps/hsm/error.hpp"

#include <memory>
#include <string>
#include <vector>

namespace kps::hsm {

class Module {
public:
    /// Loads a module by path. Tries C_GetInterface (PKCS#11 3.0) first, then
    /// C_GetFunctionList, and calls C_Initialize with CKF_OS_LOCKING_OK.
    static Result<Module> load(const std::string& path);

    Module(Module&&) noexcept;
    Module& operator=(Module&&) noexcept;
    Module(const Module&) = delete;
    Module& operator=(const Module&) = delete;
    ~Module();

    CK_FUNCTION_LIST* api() const;
    const std::string& path() const;
    /// Slots that hold a token.
    Result<std::vector<CK_SLOT_ID>> slotsWithToken() const;
    Result<CK_TOKEN_INFO> tokenInfo(CK_SLOT_ID slot) const;
    /// The slot whose token has this label.
    Result<CK_SLOT_ID> slotByTokenLabel(const std::string& label) const;
    /// A slot whose token is not initialised yet (SoftHSM always offers one).
    Result<CK_SLOT_ID> freeSlot() const;
    /// Whether the token in this slot offers the mechanism.
    bool hasMechanism(CK_SLOT_ID slot, CK_MECHANISM_TYPE mechanism) const;
    /// Those of the mechanisms the token in this slot does not offer.
    std::vector<CK_MECHANISM_TYPE>
    missingMechanisms(CK_SLOT_ID slot, const std::vector<CK_MECHANISM_TYPE>& needed) const;
    /// "SoftHSM 2.6 (SoftHSM)": the library's description and manufacturer (C_GetInfo).
    std::string description() const;

private:
    struct State;
    explicit Module(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

/// "CKM_AES_KEY_WRAP_PAD" for the mechanisms the station uses, "CKM_0x..." for others.
std::string mechanismName(CK_MECHANISM_TYPE mechanism);

/// A fixed-width PKCS#11 text field (label, model, ...) without its padding.
std::string trimPadded(const unsigned char* field, std::size_t size);

/// The default module: SoftHSM2 as packaged by Debian, unless KPS_PKCS11_MODULE is set.
std::string defaultModulePath();

} // namespace kps::hsm
