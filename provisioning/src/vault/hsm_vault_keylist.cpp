// A customer's key list, endpoint by endpoint: each key (and the password) is
// unwrapped from the file's KEK into a session object, its KCV checked, and wrapped
// again under the order's storage KEK for the store. Nothing stays on the token.
#include "hsm_vault.hpp"
#include "incoming_keys.hpp"
#include "key_policies.hpp"
#include "labels.hpp"
#include "token_keys.hpp"

namespace kps::provisioning {
namespace {

const QString kWhat = QStringLiteral("import key list");

class HsmKeyListRewrap final : public KeyListRewrap {
public:
    HsmKeyListRewrap(const hsm::Session& session, hsm::SessionObject fileKek,
                     CK_OBJECT_HANDLE storageKek)
        : session_(session)
        , fileKek_(std::move(fileKek))
        , storageKek_(storageKek) {}

    Outcome<std::vector<SecretRow>> rewrap(const IncomingEndpoint& endpoint) override {
        std::vector<SecretRow> rows;
        for (const IncomingSecret& secret : endpoint.secrets) {
            KPS_TRY_LET(row, rewrapOne(secret, endpoint.address));
            rows.push_back(std::move(row));
        }
        return rows;
    }

private:
    Outcome<SecretRow> rewrapOne(const IncomingSecret& secret, const QString& address) {
        const bool password = secret.role == SecretRole::Password;
        const QString where =
            address + QStringLiteral(" ") +
            (password ? secretRoleName(secret.role) : QStringLiteral("key %1").arg(secret.id));
        auto object = unwrapOne(secret, password, where);
        if (!object)
            return tl::unexpected(located(object.error(), where));
        auto wrapped = hsm::wrapKwp(session_, storageKek_, object->handle(), where.toStdString());
        if (!wrapped)
            return tl::unexpected(deviceError(wrapped.error(), kWhat));
        SecretRow row{secret.id, secret.role};
        row.version = secret.version;
        row.kcv = password ? QString() : secret.kcv;
        row.storageWrapped = bytesOf(*wrapped);
        return row;
    }

    Outcome<hsm::SessionObject> unwrapOne(const IncomingSecret& secret, bool password,
                                          const QString& where) {
        auto keyPolicy = policy::listedSecret(password ? CKK_GENERIC_SECRET : CKK_AES);
        keyPolicy.label = where.toStdString();
        if (!password)
            return unwrapChecked(session_, fileKek_.handle(), secret.wrapped, keyPolicy, secret.kcv,
                                 kWhat);
        KPS_TRY_LET(
            key, unwrapWithPolicy(session_, fileKek_.handle(), secret.wrapped, keyPolicy, kWhat));
        return hsm::SessionObject(session_, key);
    }

    const hsm::Session& session_;
    hsm::SessionObject fileKek_;
    CK_OBJECT_HANDLE storageKek_;
};

} // namespace

Outcome<std::unique_ptr<KeyListRewrap>> HsmVault::startKeyList(const QString& orderId,
                                                               const IncomingKek& kek) {
    const std::string storage = kekLabelsFor(orderId).storage.toStdString();
    auto storageKek = hsm::findByLabel(session_, CKO_SECRET_KEY, storage);
    if (!storageKek)
        return tl::unexpected(deviceError(storageKek.error(), kWhat));
    KPS_TRY_LET(fileKek, unwrapIncomingKek(session_, kek, kWhat));
    return std::unique_ptr<KeyListRewrap>(
        new HsmKeyListRewrap(session_, std::move(fileKek), *storageKek));
}

} // namespace kps::provisioning
