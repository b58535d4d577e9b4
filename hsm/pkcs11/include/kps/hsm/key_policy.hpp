#pragma once
// Typed key policies: what an object is (token or session, sensitive, extractable,
// wrap-with-trusted) and what it may do. A policy becomes the creation template,
// and after creation the object's attributes are read back and compared with it,
// so a module that silently ignored an attribute is caught before the key is used.
#include "kps/hsm/attributes.hpp"
#include "kps/hsm/error.hpp"

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace kps::hsm {

class Session;

enum class KeyUse : unsigned {
    Encrypt = 1u << 0,
    Decrypt = 1u << 1,
    Wrap = 1u << 2,
    Unwrap = 1u << 3,
    Sign = 1u << 4,
    Verify = 1u << 5,
    Derive = 1u << 6,
};

class KeyUses {
public:
    KeyUses() = default;
    KeyUses(std::initializer_list<KeyUse> uses);
    bool has(KeyUse use) const { return (bits_ & static_cast<unsigned>(use)) != 0; }
    KeyUses with(KeyUse use) const;
    KeyUses without(KeyUse use) const;
    bool operator==(const KeyUses&) const = default;

private:
    unsigned bits_ = 0;
};

enum class Lifetime { Session, Token };

/// A secret (AES or generic) key's policy.
struct SecretKeyPolicy {
    std::string label; // empty for anonymous session objects
    CK_KEY_TYPE keyType = CKK_AES;
    CK_ULONG length = 0; // bytes; 0 when the source decides (unwrap, create)
    Lifetime lifetime = Lifetime::Session;
    bool isPrivate = true;
    bool sensitive = true;
    bool extractable = false;
    bool wrapWithTrusted = false;
    bool trusted = false; // only a security officer may set it
    bool modifiable = true;
    KeyUses uses;

    /// The same policy with one more use (e.g. Sign, to take the KCV at creation).
    SecretKeyPolicy allowing(KeyUse use) const;
};

/// How the key comes into being decides which attributes the template may carry
/// (C_UnwrapKey and C_CreateObject take the length from the data).
enum class Creation { Generate, Derive, Unwrap, Create };

Attributes keyTemplate(const SecretKeyPolicy& policy, Creation creation);

/// The flags of a policy as attribute/value pairs, in a fixed order.
std::vector<std::pair<CK_ATTRIBUTE_TYPE, bool>> policyFlags(const SecretKeyPolicy& policy);

/// Reads the object's attributes back; fails (CKR_TEMPLATE_INCONSISTENT) naming the
/// first attribute that differs from the policy, or that the module will not show.
Status enforcePolicy(const Session& session, CK_OBJECT_HANDLE key, const SecretKeyPolicy& policy);

/// The same check for any object and any list of boolean attributes.
Status checkFlags(const Session& session, CK_OBJECT_HANDLE object,
                  const std::vector<std::pair<CK_ATTRIBUTE_TYPE, bool>>& flags,
                  const std::string& label);

/// "CKA_EXTRACTABLE" for 0x162, "CKA_0x..." for others.
std::string attributeName(CK_ATTRIBUTE_TYPE type);

} // namespace kps::hsm
