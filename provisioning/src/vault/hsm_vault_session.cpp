// One slot's HSM session (a pooled session of its own): makes the secrets of one
// endpoint at a time. Every intermediate object is a session object destroyed
// before the call returns. Random secrets also get a storage copy under the order's
// storage KEK, so a retry or a recovery injects the same value (remake).
#include "hsm_vault.hpp"
#include "key_policies.hpp"
#include "kps/hsm/kdf1.hpp"
#include "kps/hsm/key_ops.hpp"
#include "kps/hsm/object.hpp"
#include "secret_forms.hpp"
#include "token_keys.hpp"

#include <map>
#include <optional>

namespace kps::provisioning {
namespace {

const QString kWhat = QStringLiteral("make endpoint secret");

std::string labelOf(const SecretRecipe& recipe) {
    return secretRoleName(recipe.role).toStdString() + " key " + std::to_string(recipe.id);
}

bool storedRandomly(const SecretRecipe& recipe) {
    return recipe.origin == SecretOrigin::Random || recipe.origin == SecretOrigin::Listed;
}

struct SessionKeys {
    CK_OBJECT_HANDLE customer = CK_INVALID_HANDLE;
    CK_OBJECT_HANDLE headend = CK_INVALID_HANDLE;
    CK_OBJECT_HANDLE storage = CK_INVALID_HANDLE; // absent for manuf / customer-masters
};

class HsmVaultSession final : public VaultSession {
public:
    HsmVaultSession(hsm::SessionLease lease, SessionKeys keys, CK_OBJECT_HANDLE transport)
        : lease_(std::move(lease))
        , keys_(keys)
        , transport_(lease_.session(), transport) {}

    ~HsmVaultSession() override {
        transport_ = {}; // destroyed before the session goes back to the pool
    }

    Outcome<MadeSecret> makeKey(const SecretRecipe& recipe, const Address8& address) override {
        if (recipe.origin == SecretOrigin::Listed)
            return failure(ErrorKind::Internal, kWhat, secretRoleName(recipe.role),
                           QStringLiteral("a listed key is made from its stored row (remake)"));
        KPS_TRY_LET(key, obtain(recipe, address));
        SecretRow row{recipe.id, recipe.role, recipe.version, {}, {}, {}, {}};
        auto kcv = hsm::kcvOf(session(), key.handle(), labelOf(recipe));
        if (!kcv)
            return tl::unexpected(deviceError(kcv.error(), kWhat));
        row.kcv = kcvText(*kcv);
        return finish(recipe, std::move(row), key);
    }

    Outcome<MadeSecret> makePassword(const SecretRecipe& recipe, const PasswordRule& rule,
                                     const Address8& address) override {
        if (recipe.origin == SecretOrigin::Listed)
            return failure(ErrorKind::Internal, kWhat, secretRoleName(recipe.role),
                           QStringLiteral("a listed password is made from its stored row"));
        KPS_TRY_LET(seedKey, obtain(recipe, address));
        auto seed = hsm::readSecretValue(session(), seedKey.handle());
        if (!seed)
            return tl::unexpected(deviceError(seed.error(), kWhat));
        secure::SecretBytes password = passwordFromSeed(seed->span(), rule);
        auto transfer = passwordTransferForm(password);
        auto attributes = policy::passwordObject(transfer.span());
        auto object = hsm::createObject(session(), attributes,
                                        secretRoleName(SecretRole::Password).toStdString());
        if (!object)
            return tl::unexpected(deviceError(object.error(), kWhat));
        hsm::SessionObject passwordObject(session(), *object);
        SecretRow row{recipe.id, SecretRole::Password, recipe.version, {}, {}, {}, {}};
        return finish(recipe, std::move(row), passwordObject, std::move(password));
    }

    Outcome<MadeSecret> remake(const SecretRecipe& recipe, const SecretRow& stored,
                               const Address8& address) override {
        if (!storedRandomly(recipe))
            return remakeDerived(recipe, stored, address);
        const bool password = recipe.role == SecretRole::Password;
        KPS_TRY_LET(copy, fromStorage(stored, password, recipe));
        if (!password && !stored.kcv.isEmpty()) {
            auto kcv = hsm::kcvOf(session(), copy.handle(), labelOf(recipe));
            if (!kcv)
                return tl::unexpected(deviceError(kcv.error(), kWhat));
            if (kcvText(*kcv) != stored.kcv)
                return storedMismatch(recipe, stored.kcv, kcvText(*kcv));
        }
        SecretRow row = stored;
        row.role = password ? SecretRole::Password : recipe.role;
        return finish(recipe, std::move(row), copy);
    }

private:
    const hsm::Session& session() const { return lease_.session(); }

    /// Wraps the secret for the customer (and head-end), keeps a storage copy of a
    /// random one, and reads the plain value for injection (unless it is known).
    Outcome<MadeSecret> finish(const SecretRecipe& recipe, SecretRow row,
                               const hsm::SessionObject& secret,
                               std::optional<secure::SecretBytes> known = std::nullopt) {
        const bool password = row.role == SecretRole::Password;
        if (row.customerWrapped.isEmpty()) {
            KPS_TRY_LET(wrapped, wrap(keys_.customer, secret.handle(), recipe));
            row.customerWrapped = wrapped;
        }
        if (recipe.toHeadend && row.headendWrapped.isEmpty()) {
            KPS_TRY_LET(wrapped, wrap(keys_.headend, secret.handle(), recipe));
            row.headendWrapped = wrapped;
        }
        if (storedRandomly(recipe) && row.storageWrapped.isEmpty()) {
            KPS_TRY_LET(wrapped, wrap(keys_.storage, secret.handle(), recipe));
            row.storageWrapped = wrapped;
        }
        MadeSecret made;
        made.row = std::move(row);
        if (known) {
            made.plain = std::move(*known);
            return made;
        }
        auto plain = hsm::readSecretValue(session(), secret.handle());
        if (!plain)
            return tl::unexpected(deviceError(plain.error(), kWhat));
        made.plain = password ? passwordFromTransferForm(std::move(*plain)) : std::move(*plain);
        return made;
    }

    Outcome<MadeSecret> remakeDerived(const SecretRecipe& recipe, const SecretRow& stored,
                                      const Address8& address) {
        const bool password = recipe.role == SecretRole::Password;
        if (password && !recipe.passwordRule)
            return failure(ErrorKind::Internal, kWhat, secretRoleName(recipe.role),
                           QStringLiteral("the password's recipe carries no rule"));
        auto made = password ? makePassword(recipe, *recipe.passwordRule, address)
                             : makeKey(recipe, address);
        if (made && !stored.kcv.isEmpty() && made->row.kcv != stored.kcv)
            return storedMismatch(recipe, stored.kcv, made->row.kcv);
        // A password has no KCV; AES key wrap is deterministic, so the same value under
        // the same KEK wraps to the same bytes.
        if (made && password && !stored.customerWrapped.isEmpty() &&
            made->row.customerWrapped != stored.customerWrapped)
            return failure(ErrorKind::Internal, kWhat, secretRoleName(recipe.role),
                           QStringLiteral("the remade password wraps to other bytes than the "
                                          "stored one"),
                           QStringLiteral("Stop the line and call a key custodian"));
        return made;
    }

    static tl::unexpected<Error> storedMismatch(const SecretRecipe& recipe, const QString& stored,
                                                const QString& made) {
        return failure(ErrorKind::Internal, kWhat, secretRoleName(recipe.role),
                       QStringLiteral("the remade %1 key %2 has KCV %3, the store says %4")
                           .arg(secretRoleName(recipe.role))
                           .arg(recipe.id)
                           .arg(made, stored),
                       QStringLiteral("Stop the line and call a key custodian"));
    }

    Outcome<hsm::SessionObject> fromStorage(const SecretRow& stored, bool password,
                                            const SecretRecipe& recipe) {
        if (keys_.storage == CK_INVALID_HANDLE || stored.storageWrapped.isEmpty())
            return failure(ErrorKind::Internal, kWhat, secretRoleName(recipe.role),
                           QStringLiteral("no storage copy of %1 key %2 (or no storage KEK)")
                               .arg(secretRoleName(recipe.role))
                               .arg(recipe.id),
                           QStringLiteral("Was the key list imported for this order?"));
        auto copyPolicy = policy::plainCopy(password ? CKK_GENERIC_SECRET : CKK_AES);
        auto key =
            unwrapWithPolicy(session(), keys_.storage, stored.storageWrapped, copyPolicy, kWhat);
        if (!key) {
            auto error = key.error();
            error.kind = error.kind == ErrorKind::BadInput ? ErrorKind::Store : error.kind;
            return tl::unexpected(error);
        }
        return hsm::SessionObject(session(), *key);
    }

    Outcome<QByteArray> wrap(CK_OBJECT_HANDLE kek, CK_OBJECT_HANDLE key,
                             const SecretRecipe& recipe) {
        auto wrapped = hsm::wrapKwp(session(), kek, key, labelOf(recipe));
        if (!wrapped)
            return tl::unexpected(deviceError(wrapped.error(), kWhat));
        return bytesOf(*wrapped);
    }

    Outcome<CK_OBJECT_HANDLE> tokenKey(const QString& label) {
        if (auto known = tokenKeys_.find(label); known != tokenKeys_.end())
            return known->second;
        auto handle = hsm::findByLabel(session(), CKO_SECRET_KEY, label.toStdString());
        if (!handle)
            return tl::unexpected(deviceError(handle.error(), kWhat));
        tokenKeys_.emplace(label, *handle);
        return *handle;
    }

    /// A non-sensitive session object holding the secret, for this endpoint only.
    Outcome<hsm::SessionObject> obtain(const SecretRecipe& recipe, const Address8& address) {
        if (recipe.origin == SecretOrigin::Random) {
            auto keyPolicy = policy::plainCopy(CKK_AES);
            keyPolicy.length = 16;
            auto attributes = hsm::keyTemplate(keyPolicy, hsm::Creation::Generate);
            auto key = hsm::generateKey(session(), CKM_AES_KEY_GEN, attributes, labelOf(recipe));
            if (!key)
                return tl::unexpected(deviceError(key.error(), kWhat));
            return hsm::SessionObject(session(), *key);
        }
        KPS_TRY_LET(base, tokenKey(recipe.keyLabel));
        if (recipe.origin == SecretOrigin::Derived) {
            auto derived = hsm::deriveKdf1(session(), base, recipe.id, recipe.version, address,
                                           hsm::DerivedUse::PlainCopy);
            if (!derived)
                return tl::unexpected(deviceError(derived.error(), kWhat));
            return std::move(*derived);
        }
        return copyOfFixed(base, recipe);
    }

    /// Fixed keys are sensitive: copy one through the session transport key.
    Outcome<hsm::SessionObject> copyOfFixed(CK_OBJECT_HANDLE fixed, const SecretRecipe& recipe) {
        auto wrapped = hsm::wrapKwp(session(), transport_.handle(), fixed, labelOf(recipe));
        if (!wrapped)
            return tl::unexpected(deviceError(wrapped.error(), kWhat));
        KPS_TRY_LET(key, unwrapWithPolicy(session(), transport_.handle(), bytesOf(*wrapped),
                                          policy::plainCopy(CKK_AES), kWhat));
        return hsm::SessionObject(session(), key);
    }

    hsm::SessionLease lease_;
    SessionKeys keys_;
    hsm::SessionObject transport_;
    std::map<QString, CK_OBJECT_HANDLE> tokenKeys_;
};

Outcome<CK_OBJECT_HANDLE> optionalKey(const hsm::Session& session, const QString& label,
                                      const QString& what) {
    hsm::Attributes filter;
    filter.number(CKA_CLASS, CKO_SECRET_KEY).text(CKA_LABEL, label.toStdString());
    auto found = hsm::findObjects(session, filter, label.toStdString());
    if (!found)
        return tl::unexpected(deviceError(found.error(), what));
    return found->empty() ? CK_INVALID_HANDLE : found->front();
}

} // namespace

Outcome<std::unique_ptr<VaultSession>> HsmVault::openSession(const OrderKekLabels& keks) {
    const QString what = QStringLiteral("open HSM session");
    auto lease = pool_->acquire();
    if (!lease)
        return tl::unexpected(deviceError(lease.error(), what));
    const hsm::Session& session = lease->session();
    auto customer = hsm::findByLabel(session, CKO_SECRET_KEY, keks.customer.toStdString());
    auto headend = hsm::findByLabel(session, CKO_SECRET_KEY, keks.headend.toStdString());
    if (!customer || !headend)
        return tl::unexpected(deviceError(customer ? headend.error() : customer.error(), what));
    KPS_TRY_LET(storage, optionalKey(session, keks.storage, what));
    auto attributes = hsm::keyTemplate(policy::transportKey(), hsm::Creation::Generate);
    auto transport =
        hsm::generateKey(session, CKM_AES_KEY_GEN, attributes, "session transport key");
    if (!transport)
        return tl::unexpected(deviceError(transport.error(), what));
    return std::unique_ptr<VaultSession>(new HsmVaultSession(
        std::move(*lease), SessionKeys{*customer, *headend, storage}, *transport));
}

} // namespace kps::provisioning
