// Destroying an order's token objects, and searching the token to prove it.
#include "hsm_vault.hpp"
#include "kps/hsm/object.hpp"
#include "labels.hpp"

namespace kps::provisioning {
namespace {

/// Handles and labels of the token objects whose label starts with the prefix. The
/// search covers every token object the user can see, not only those the store knows.
Outcome<std::vector<std::pair<CK_OBJECT_HANDLE, QString>>>
objectsWithPrefix(const hsm::Session& session, const QString& prefix) {
    hsm::Attributes tokenObjects;
    tokenObjects.flag(CKA_TOKEN, true);
    auto all = hsm::findObjects(session, tokenObjects, "token objects");
    if (!all)
        return tl::unexpected(deviceError(all.error(), QStringLiteral("search token")));
    std::vector<std::pair<CK_OBJECT_HANDLE, QString>> found;
    for (CK_OBJECT_HANDLE handle : *all) {
        auto label = hsm::readLabel(session, handle);
        if (label && QString::fromStdString(*label).startsWith(prefix))
            found.emplace_back(handle, QString::fromStdString(*label));
    }
    return found;
}

} // namespace

Outcome<QStringList> HsmVault::orderObjectsOnToken(const QString& orderId) {
    KPS_TRY_LET(objects, objectsWithPrefix(session_, labels::orderObject(orderId, {})));
    QStringList found;
    for (const auto& object : objects)
        found << object.second;
    return found;
}

Done HsmVault::destroyObjects(const QStringList& labels) {
    KPS_TRY(holdToken(QStringLiteral("take the HSM token")));
    for (const QString& label : labels) {
        hsm::Attributes filter;
        filter.flag(CKA_TOKEN, true).text(CKA_LABEL, label.toStdString());
        auto found = hsm::findObjects(session_, filter, label.toStdString());
        if (!found)
            return tl::unexpected(deviceError(found.error(), QStringLiteral("destroy objects")));
        for (CK_OBJECT_HANDLE handle : *found)
            if (auto done = hsm::destroyObject(session_, handle, label.toStdString()); !done)
                return tl::unexpected(deviceError(done.error(), QStringLiteral("destroy objects")));
    }
    return {};
}

Outcome<QStringList> HsmVault::destroyOrderObjects(const QString& orderId) {
    KPS_TRY(holdToken(QStringLiteral("take the HSM token")));
    const QString what = QStringLiteral("destroy order keys");
    const QString prefix = labels::orderObject(orderId, {});
    pool_->closeIdle(); // no pooled session keeps a handle to what goes now
    KPS_TRY_LET(objects, objectsWithPrefix(session_, prefix));
    QStringList destroyed;
    for (const auto& [handle, label] : objects) {
        if (auto done = hsm::destroyObject(session_, handle, label.toStdString()); !done)
            return tl::unexpected(deviceError(done.error(), what));
        destroyed << label;
    }
    KPS_TRY_LET(left, objectsWithPrefix(session_, prefix));
    if (!left.empty())
        return failure(
            ErrorKind::Device, what, orderId,
            QStringLiteral("%1 objects are still on the token after destruction").arg(left.size()),
            QStringLiteral("Call the key custodians: the token must be inspected"));
    return destroyed;
}

} // namespace kps::provisioning
