#include "kps/hsm/key_policy.hpp"

#include "kps/hsm/session.hpp"

#include <cstdio>
#include <map>

namespace kps::hsm {
namespace {

constexpr std::pair<KeyUse, CK_ATTRIBUTE_TYPE> kUseAttributes[] = {
    {KeyUse::Encrypt, CKA_ENCRYPT}, {KeyUse::Decrypt, CKA_DECRYPT}, {KeyUse::Wrap, CKA_WRAP},
    {KeyUse::Unwrap, CKA_UNWRAP},   {KeyUse::Sign, CKA_SIGN},       {KeyUse::Verify, CKA_VERIFY},
    {KeyUse::Derive, CKA_DERIVE},
};

} // namespace

KeyUses::KeyUses(std::initializer_list<KeyUse> uses) {
    for (KeyUse use : uses)
        bits_ |= static_cast<unsigned>(use);
}

KeyUses KeyUses::with(KeyUse use) const {
    KeyUses result = *this;
    result.bits_ |= static_cast<unsigned>(use);
    return result;
}

KeyUses KeyUses::without(KeyUse use) const {
    KeyUses result = *this;
    result.bits_ &= ~static_cast<unsigned>(use);
    return result;
}

SecretKeyPolicy SecretKeyPolicy::allowing(KeyUse use) const {
    SecretKeyPolicy result = *this;
    result.uses = uses.with(use);
    return result;
}

std::vector<std::pair<CK_ATTRIBUTE_TYPE, bool>> policyFlags(const SecretKeyPolicy& policy) {
    std::vector<std::pair<CK_ATTRIBUTE_TYPE, bool>> flags = {
        {CKA_TOKEN, policy.lifetime == Lifetime::Token},
        {CKA_PRIVATE, policy.isPrivate},
        {CKA_SENSITIVE, policy.sensitive},
        {CKA_EXTRACTABLE, policy.extractable},
        {CKA_WRAP_WITH_TRUSTED, policy.wrapWithTrusted},
    };
    if (policy.trusted)
        flags.emplace_back(CKA_TRUSTED, true);
    for (auto [use, attribute] : kUseAttributes)
        flags.emplace_back(attribute, policy.uses.has(use));
    // Last: some modules (SoftHSM) refuse every later attribute of an object that a
    // template has already made non-modifiable.
    flags.emplace_back(CKA_MODIFIABLE, policy.modifiable);
    return flags;
}

Attributes keyTemplate(const SecretKeyPolicy& policy, Creation creation) {
    Attributes attributes;
    attributes.number(CKA_CLASS, CKO_SECRET_KEY).number(CKA_KEY_TYPE, policy.keyType);
    if (policy.length && (creation == Creation::Generate || creation == Creation::Derive))
        attributes.number(CKA_VALUE_LEN, policy.length);
    for (auto [attribute, value] : policyFlags(policy))
        attributes.flag(attribute, value);
    if (!policy.label.empty())
        attributes.text(CKA_LABEL, policy.label);
    return attributes;
}

std::string attributeName(CK_ATTRIBUTE_TYPE type) {
    static const std::map<CK_ATTRIBUTE_TYPE, const char*> names = {
        {CKA_TOKEN, "CKA_TOKEN"},
        {CKA_PRIVATE, "CKA_PRIVATE"},
        {CKA_SENSITIVE, "CKA_SENSITIVE"},
        {CKA_EXTRACTABLE, "CKA_EXTRACTABLE"},
        {CKA_WRAP_WITH_TRUSTED, "CKA_WRAP_WITH_TRUSTED"},
        {CKA_TRUSTED, "CKA_TRUSTED"},
        {CKA_MODIFIABLE, "CKA_MODIFIABLE"},
        {CKA_ENCRYPT, "CKA_ENCRYPT"},
        {CKA_DECRYPT, "CKA_DECRYPT"},
        {CKA_WRAP, "CKA_WRAP"},
        {CKA_UNWRAP, "CKA_UNWRAP"},
        {CKA_SIGN, "CKA_SIGN"},
        {CKA_VERIFY, "CKA_VERIFY"},
        {CKA_DERIVE, "CKA_DERIVE"},
        {CKA_VALUE_LEN, "CKA_VALUE_LEN"},
        {CKA_KEY_TYPE, "CKA_KEY_TYPE"},
        {CKA_LABEL, "CKA_LABEL"},
    };
    if (auto found = names.find(type); found != names.end())
        return found->second;
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, "CKA_0x%08lx", static_cast<unsigned long>(type));
    return buffer;
}

Status checkFlags(const Session& session, CK_OBJECT_HANDLE object,
                  const std::vector<std::pair<CK_ATTRIBUTE_TYPE, bool>>& flags,
                  const std::string& label) {
    std::vector<CK_BBOOL> values(flags.size(), 0xff);
    std::vector<CK_ATTRIBUTE> query;
    for (std::size_t i = 0; i < flags.size(); ++i)
        query.push_back({flags[i].first, &values[i], sizeof(CK_BBOOL)});
    const CK_RV rv = session.api()->C_GetAttributeValue(session.handle(), object, query.data(),
                                                        static_cast<CK_ULONG>(query.size()));
    if (rv != CKR_OK && rv != CKR_ATTRIBUTE_TYPE_INVALID && rv != CKR_ATTRIBUTE_SENSITIVE)
        return fail("C_GetAttributeValue", rv, label);
    for (std::size_t i = 0; i < flags.size(); ++i) {
        const bool shown = query[i].ulValueLen == sizeof(CK_BBOOL);
        if (shown && (values[i] != CK_FALSE) == flags[i].second)
            continue;
        return fail("check key policy", CKR_TEMPLATE_INCONSISTENT, label,
                    attributeName(flags[i].first) +
                        (shown ? " differs from the policy" : " is not shown by the module") +
                        ": the key was not kept; see docs/key-policy.md");
    }
    return {};
}

Status enforcePolicy(const Session& session, CK_OBJECT_HANDLE key, const SecretKeyPolicy& policy) {
    const std::string label = policy.label.empty() ? std::string("session key") : policy.label;
    if (auto flags = checkFlags(session, key, policyFlags(policy), label); !flags)
        return flags;
    if (policy.length == 0)
        return {};
    CK_ULONG length = 0;
    CK_ATTRIBUTE query{CKA_VALUE_LEN, &length, sizeof length};
    if (CK_RV rv = session.api()->C_GetAttributeValue(session.handle(), key, &query, 1);
        rv != CKR_OK)
        return fail("C_GetAttributeValue(CKA_VALUE_LEN)", rv, label);
    if (length != policy.length)
        return fail("check key policy", CKR_KEY_SIZE_RANGE, label,
                    "the key has " + std::to_string(length) + " bytes, the policy says " +
                        std::to_string(policy.length));
    return {};
}

} // namespace kps::hsm
