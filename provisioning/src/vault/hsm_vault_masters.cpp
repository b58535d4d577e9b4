// A master key leaving the HSM wrapped under an order KEK (the head-end DM batch with
// headend.dm = master), where the master's key policy allows it (docs/key-policy.md).
#include "hsm_vault.hpp"
#include "key_policies.hpp"
#include "kps/hsm/key_ops.hpp"
#include "kps/hsm/object.hpp"

#include <cstring>

namespace kps::provisioning {

Outcome<WrappedMaster> KeyVault::wrapMasterFor(const QString& masterLabel, const QString&) {
    return failure(ErrorKind::Refused, QStringLiteral("wrap master for export"), masterLabel,
                   QStringLiteral("this key vault cannot export masters"));
}

Done KeyVault::checkMasterExport(const QString& masterLabel) {
    return failure(ErrorKind::Refused, QStringLiteral("wrap master for export"), masterLabel,
                   QStringLiteral("this key vault cannot export masters"));
}

namespace {

bool flagOf(const hsm::Session& session, CK_OBJECT_HANDLE key, CK_ATTRIBUTE_TYPE type) {
    auto value = hsm::readBytes(session, key, type);
    return value && value->size() == 1 && (*value)[0] == CK_TRUE;
}

/// Why the policy keeps this master in the HSM under a KEK (trusted or not), or nothing.
QString policyRefusal(const hsm::Session& session, CK_OBJECT_HANDLE master, bool kekTrusted) {
    if (!flagOf(session, master, CKA_EXTRACTABLE))
        return QStringLiteral("its key policy makes it non-extractable: it never leaves the HSM");
    if (flagOf(session, master, CKA_WRAP_WITH_TRUSTED) && !kekTrusted)
        return QStringLiteral("its key policy lets it leave only under a trusted wrapping key "
                              "(evaluation kits), and the order's head-end KEK is not one");
    return {};
}

const QString kHint =
    QStringLiteral("Send the head-end its DM keys per endpoint (order with headend.dm = keys)");

/// The refusal of a customer master that is not on the token yet, from its policy.
QString customerPolicyRefusal(const QString& masterLabel) {
    const auto policy = policy::customerMaster(masterLabel.toStdString(), 16);
    if (!policy.extractable)
        return QStringLiteral("customer masters are never extractable: they never leave the HSM");
    if (policy.wrapWithTrusted)
        return QStringLiteral("customer masters leave only under a trusted wrapping key, and the "
                              "order's head-end KEK is not one");
    return {};
}

} // namespace

Done HsmVault::checkMasterExport(const QString& masterLabel) {
    const QString what = QStringLiteral("register order");
    auto master = hsm::findByLabel(session_, CKO_SECRET_KEY, masterLabel.toStdString());
    if (!master && !masterLabel.startsWith(QLatin1String("order:")))
        return tl::unexpected(deviceError(master.error(), what));
    // An order's head-end KEK is never trusted; a customer master not yet imported is
    // judged by the policy it will get.
    const QString refusal =
        master ? policyRefusal(session_, *master, false) : customerPolicyRefusal(masterLabel);
    if (refusal.isEmpty())
        return {};
    return failure(ErrorKind::Refused, what, masterLabel,
                   QStringLiteral("headend.dm = master, but the DM master cannot go to the "
                                  "head-end: ") +
                       refusal,
                   kHint);
}

Outcome<WrappedMaster> HsmVault::wrapMasterFor(const QString& masterLabel,
                                               const QString& kekLabel) {
    const QString what = QStringLiteral("wrap master for the head-end");
    auto master = hsm::findByLabel(session_, CKO_SECRET_KEY, masterLabel.toStdString());
    auto kek = hsm::findByLabel(session_, CKO_SECRET_KEY, kekLabel.toStdString());
    if (!master || !kek)
        return tl::unexpected(deviceError(master ? kek.error() : master.error(), what));
    if (const QString refusal =
            policyRefusal(session_, *master, flagOf(session_, *kek, CKA_TRUSTED));
        !refusal.isEmpty())
        return failure(ErrorKind::Refused, what, masterLabel, refusal, kHint);
    auto length = hsm::readBytes(session_, *master, CKA_VALUE_LEN);
    auto wrapped = hsm::wrapKwp(session_, *kek, *master, masterLabel.toStdString());
    if (!wrapped)
        return tl::unexpected(deviceError(wrapped.error(), what));
    CK_ULONG bytes = 16;
    if (length && length->size() == sizeof(CK_ULONG))
        std::memcpy(&bytes, length->data(), sizeof bytes);
    return WrappedMaster{
        masterLabel.section(QLatin1Char(':'), -1), int(bytes),
        QByteArray(reinterpret_cast<const char*>(wrapped->data()), qsizetype(wrapped->size()))};
}

} // namespace kps::provisioning
