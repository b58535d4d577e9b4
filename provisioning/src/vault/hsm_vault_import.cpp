// Customer keys coming in: the file's KEK unwrapped with the station import key,
// masters unwrapped into the token (all or nothing), key lists re-wrapped under the
// order's storage KEK, and the storage KEK itself.
#include "hsm_vault.hpp"
#include "incoming_keys.hpp"
#include "key_policies.hpp"
#include "labels.hpp"
#include "token_keys.hpp"

namespace kps::provisioning {
namespace {

Done refuseExisting(const hsm::Session& session, const QString& label, const QString& what) {
    hsm::Attributes filter;
    filter.text(CKA_LABEL, label.toStdString());
    auto found = hsm::findObjects(session, filter, label.toStdString());
    if (!found)
        return tl::unexpected(deviceError(found.error(), what));
    if (!found->empty())
        return failure(ErrorKind::Refused, what, label,
                       QStringLiteral("the token already holds an object with this label"),
                       QStringLiteral("Each order's masters are imported once; destroy the "
                                      "order's keys before importing again"));
    return {};
}

} // namespace

Outcome<hsm::SessionObject> HsmVault::unwrapIncomingKek(const hsm::Session& session,
                                                        const IncomingKek& kek,
                                                        const QString& what) {
    auto hash = oaepFromName(kek.wrap);
    if (!hash || (*hash == hsm::OaepHash::Sha256 && oaep_ != hsm::OaepHash::Sha256))
        return failure(ErrorKind::BadInput, what, QStringLiteral("/kek/wrap"),
                       QStringLiteral("the station's HSM cannot unwrap %1").arg(kek.wrap),
                       QStringLiteral("Ask the customer to wrap the KEK with %1")
                           .arg(QString::fromStdString(hsm::oaepName(oaep_))));
    auto importKey = hsm::findByLabel(session, CKO_PRIVATE_KEY, labels::kImportKey);
    if (!importKey)
        return tl::unexpected(deviceError(importKey.error(), what));
    auto attributes =
        hsm::keyTemplate(policy::incomingKek().allowing(hsm::KeyUse::Sign), hsm::Creation::Unwrap);
    auto key = hsm::unwrapOaep(session, *hash, *importKey, bytesSpan(kek.wrapped), attributes,
                               "incoming KEK");
    if (!key)
        return tl::unexpected(
            incomingError(key.error(), what, QStringLiteral("/kek/wrapped"),
                          QStringLiteral("The KEK was not wrapped to this station's import "
                                         "certificate, or the file is damaged")));
    hsm::SessionObject object(session, *key);
    auto kcv = hsm::kcvOf(session, *key, "incoming KEK");
    if (!kcv)
        return tl::unexpected(deviceError(kcv.error(), what));
    if (kcvText(*kcv) != kek.kcv)
        return failure(ErrorKind::BadInput, what, QStringLiteral("/kek/kcv"),
                       QStringLiteral("the KEK's check value is %1, the file says %2")
                           .arg(kcvText(*kcv), kek.kcv),
                       QStringLiteral("Ask the customer for a new file"));
    return object;
}

Outcome<CustodyObject> HsmVault::createStorageKek(const QString& orderId) {
    KPS_TRY(holdToken(QStringLiteral("take the HSM token")));
    const QString what = QStringLiteral("create storage key-encryption key");
    const QString label = labels::orderObject(orderId, QStringLiteral("storage-kek"));
    KPS_TRY(refuseExisting(session_, label, what));
    KPS_TRY_LET(made, generateWithKcv(session_, policy::storageKek(label.toStdString()), what));
    return CustodyObject{
        label, CustodyKind::StorageKek, made.kcv, QDateTime::currentDateTimeUtc(), {}};
}

/// Labels free, the file's KEK and every master unwrapped as a session twin with its
/// KCV checked: nothing touches the token until the whole file is proven good.
Outcome<hsm::SessionObject> HsmVault::verifyMasters(const QString& orderId, const IncomingKek& kek,
                                                    const std::vector<IncomingMaster>& masters,
                                                    const QString& what) {
    for (const IncomingMaster& master : masters)
        KPS_TRY(refuseExisting(session_, labels::orderObject(orderId, master.name), what));
    KPS_TRY_LET(fileKek, unwrapIncomingKek(session_, kek, what));
    for (std::size_t i = 0; i < masters.size(); ++i) {
        const IncomingMaster& master = masters[i];
        const QString place = QStringLiteral("/masters/%1").arg(i);
        // The length was checked against the wrapped size when the file was read
        // (SoftHSM shows no CKA_VALUE_LEN on unwrapped keys); the KCV proves the value.
        auto keyPolicy =
            policy::customerMaster(labels::orderObject(orderId, master.name).toStdString(), 0);
        auto twin =
            unwrapChecked(session_, fileKek.handle(), master.wrapped, keyPolicy, master.kcv, what);
        if (!twin)
            return tl::unexpected(located(twin.error(), place));
    }
    return fileKek;
}

Done HsmVault::checkMasters(const QString& orderId, const IncomingKek& kek,
                            const std::vector<IncomingMaster>& masters) {
    KPS_TRY(holdToken(QStringLiteral("take the HSM token")));
    KPS_TRY(verifyMasters(orderId, kek, masters, QStringLiteral("import customer masters")));
    return {};
}

Outcome<std::vector<CustodyObject>>
HsmVault::importMasters(const QString& orderId, const IncomingKek& kek,
                        const std::vector<IncomingMaster>& masters) {
    KPS_TRY(holdToken(QStringLiteral("take the HSM token")));
    const QString what = QStringLiteral("import customer masters");
    KPS_TRY_LET(fileKek, verifyMasters(orderId, kek, masters, what));
    std::vector<hsm::SessionObject> created; // destroyed again unless every one succeeds
    std::vector<CustodyObject> objects;
    for (const IncomingMaster& master : masters) {
        const QString label = labels::orderObject(orderId, master.name);
        auto keyPolicy = policy::customerMaster(label.toStdString(), 0);
        KPS_TRY_LET(key,
                    unwrapWithPolicy(session_, fileKek.handle(), master.wrapped, keyPolicy, what));
        created.emplace_back(session_, key);
        objects.push_back(
            {label, CustodyKind::Master, master.kcv, QDateTime::currentDateTimeUtc(), {}});
    }
    for (auto& object : created)
        object.release();
    return objects;
}

} // namespace kps::provisioning
