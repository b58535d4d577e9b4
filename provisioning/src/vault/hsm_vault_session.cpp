// One slot's HSM session: makes the secrets of one endpoint at a time. Every
// intermediate object is a session object destroyed before the call returns.
#include "hsm_vault.hpp"
#include "key_policies.hpp"
#include "kps/hsm/kdf1.hpp"
#include "kps/hsm/key_ops.hpp"
#include "kps/hsm/object.hpp"

#include <algorithm>
#include <map>

namespace kps::provisioning {
namespace {

const QString kWhat = QStringLiteral("make endpoint secret");

/// A password crosses the boundary as a generic secret: its characters, then NUL
/// bytes up to a multiple of 8. RFC 5649 would carry any length, but SoftHSM 2.6.1
/// pads to 8 before wrapping; fixing the form makes every module agree, and
/// readers strip trailing NULs (docs/customers.md).
hsm::SecretBytes passwordTransferForm(const hsm::SecretBytes& password) {
    hsm::SecretBytes padded((password.size() + 7) / 8 * 8);
    std::copy(password.data(), password.data() + password.size(), padded.data());
    return padded;
}

QByteArray bytesOf(const std::vector<std::uint8_t>& v) {
    return QByteArray(reinterpret_cast<const char*>(v.data()), qsizetype(v.size()));
}

class HsmVaultSession final : public VaultSession {
public:
    HsmVaultSession(hsm::Session session, CK_OBJECT_HANDLE customerKek, CK_OBJECT_HANDLE headendKek,
                    hsm::SessionObject transport)
        : session_(std::move(session))
        , customerKek_(customerKek)
        , headendKek_(headendKek)
        , transport_(std::move(transport)) {}

    Outcome<MadeSecret> makeKey(const SecretRecipe& recipe, const Address8& address) override {
        auto key = obtain(recipe, address);
        if (!key)
            return tl::unexpected(key.error());
        MadeSecret made;
        made.row = {recipe.id, recipe.role, recipe.version, {}, {}, {}};
        auto kcv = hsm::kcvOf(session_, key->handle(), label(recipe));
        if (!kcv)
            return tl::unexpected(deviceError(kcv.error(), kWhat));
        made.row.kcv = kcvText(*kcv);
        if (auto wrapped = wrap(customerKek_, key->handle(), recipe); wrapped)
            made.row.customerWrapped = *wrapped;
        else
            return tl::unexpected(wrapped.error());
        if (recipe.toHeadend) {
            auto wrapped = wrap(headendKek_, key->handle(), recipe);
            if (!wrapped)
                return tl::unexpected(wrapped.error());
            made.row.headendWrapped = *wrapped;
        }
        auto plain = hsm::readSecretValue(session_, key->handle());
        if (!plain)
            return tl::unexpected(deviceError(plain.error(), kWhat));
        made.plain = std::move(*plain);
        return made;
    }

    Outcome<MadeSecret> makePassword(const SecretRecipe& recipe, const PasswordRule& rule,
                                     const Address8& address) override {
        auto seedKey = obtain(recipe, address);
        if (!seedKey)
            return tl::unexpected(seedKey.error());
        auto seed = hsm::readSecretValue(session_, seedKey->handle());
        if (!seed)
            return tl::unexpected(deviceError(seed.error(), kWhat));
        MadeSecret made;
        made.plain = passwordFromSeed(seed->span(), rule);
        const hsm::SecretBytes transferForm = passwordTransferForm(made.plain);
        auto attributes = policy::passwordObject(transferForm.span());
        auto object = hsm::createObject(session_, attributes, "password");
        if (!object)
            return tl::unexpected(deviceError(object.error(), kWhat));
        hsm::SessionObject password(session_, *object);
        auto wrapped = wrap(customerKek_, password.handle(), recipe);
        if (!wrapped)
            return tl::unexpected(wrapped.error());
        made.row = {recipe.id, QStringLiteral("password"), recipe.version, {}, *wrapped, {}};
        return made;
    }

private:
    static std::string label(const SecretRecipe& recipe) {
        return recipe.role.toStdString() + " key " + std::to_string(recipe.id);
    }

    Outcome<QByteArray> wrap(CK_OBJECT_HANDLE kek, CK_OBJECT_HANDLE key,
                             const SecretRecipe& recipe) {
        auto wrapped = hsm::wrapKwp(session_, kek, key, label(recipe));
        if (!wrapped)
            return tl::unexpected(deviceError(wrapped.error(), kWhat));
        return bytesOf(*wrapped);
    }

    Outcome<CK_OBJECT_HANDLE> tokenKey(const QString& label) {
        if (auto known = keys_.find(label); known != keys_.end())
            return known->second;
        auto handle = hsm::findByLabel(session_, CKO_SECRET_KEY, label.toStdString());
        if (!handle)
            return tl::unexpected(deviceError(handle.error(), kWhat));
        keys_.emplace(label, *handle);
        return *handle;
    }

    /// A non-sensitive session object holding the secret, for this endpoint only.
    Outcome<hsm::SessionObject> obtain(const SecretRecipe& recipe, const Address8& address) {
        if (recipe.origin == SecretOrigin::Random) {
            auto attributes = policy::plainCopy(CKK_AES);
            attributes.number(CKA_VALUE_LEN, 16);
            auto key = hsm::generateKey(session_, CKM_AES_KEY_GEN, attributes, label(recipe));
            if (!key)
                return tl::unexpected(deviceError(key.error(), kWhat));
            return hsm::SessionObject(session_, *key);
        }
        auto base = tokenKey(recipe.keyLabel);
        if (!base)
            return tl::unexpected(base.error());
        if (recipe.origin == SecretOrigin::Derived) {
            auto derived = hsm::deriveKdf1(session_, *base, recipe.id, recipe.version, address,
                                           hsm::DerivedUse::PlainCopy);
            if (!derived)
                return tl::unexpected(deviceError(derived.error(), kWhat));
            return std::move(*derived);
        }
        return copyOfFixed(*base, recipe);
    }

    /// Fixed keys are sensitive: copy one through the session transport key.
    Outcome<hsm::SessionObject> copyOfFixed(CK_OBJECT_HANDLE fixed, const SecretRecipe& recipe) {
        auto wrapped = hsm::wrapKwp(session_, transport_.handle(), fixed, label(recipe));
        if (!wrapped)
            return tl::unexpected(deviceError(wrapped.error(), kWhat));
        auto attributes = policy::plainCopy(CKK_AES);
        auto copy =
            hsm::unwrapKwp(session_, transport_.handle(), *wrapped, attributes, label(recipe));
        if (!copy)
            return tl::unexpected(deviceError(copy.error(), kWhat));
        return hsm::SessionObject(session_, *copy);
    }

    hsm::Session session_;
    CK_OBJECT_HANDLE customerKek_;
    CK_OBJECT_HANDLE headendKek_;
    hsm::SessionObject transport_;
    std::map<QString, CK_OBJECT_HANDLE> keys_;
};

} // namespace

Outcome<std::unique_ptr<VaultSession>> HsmVault::openSession(const OrderKekLabels& keks) {
    const QString what = QStringLiteral("open HSM session");
    auto session = hsm::Session::open(module_, session_.slot());
    if (!session)
        return tl::unexpected(deviceError(session.error(), what));
    auto customer = hsm::findByLabel(*session, CKO_SECRET_KEY, keks.customer.toStdString());
    auto headend = hsm::findByLabel(*session, CKO_SECRET_KEY, keks.headend.toStdString());
    if (!customer || !headend)
        return tl::unexpected(deviceError(customer ? headend.error() : customer.error(), what));
    auto policy = policy::transportKey();
    auto transport = hsm::generateKey(*session, CKM_AES_KEY_GEN, policy, "session transport key");
    if (!transport)
        return tl::unexpected(deviceError(transport.error(), what));
    hsm::SessionObject transportObject(*session, *transport);
    return std::unique_ptr<VaultSession>(
        new HsmVaultSession(std::move(*session), *customer, *headend, std::move(transportObject)));
}

} // namespace kps::provisioning
