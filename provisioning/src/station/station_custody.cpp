// Key custody at the station: dual control, destruction of an order's keys with its
// proof, readiness of an order's keys for a run, evaluation kits.
#include "../vault/labels.hpp"
#include "kps/provisioning/station.hpp"
#include "station_core.hpp"

#include <QJsonArray>

namespace kps::provisioning {
namespace {

bool fromCustomer(KeySource source) {
    return source == KeySource::CustomerMasters || source == KeySource::CustomerList;
}

QJsonObject destructionDetail(const DestructionRecord& record, const QString& file,
                              const QString& sha256) {
    QJsonArray labels;
    QJsonObject kcvs;
    for (const CustodyObject& object : record.objects) {
        labels.append(object.label);
        kcvs.insert(object.label, object.kcv);
    }
    QJsonObject detail{{QStringLiteral("objects"), labels},
                       {QStringLiteral("kcv"), kcvs},
                       {QStringLiteral("verifiedAbsent"), record.verifiedAbsent},
                       {QStringLiteral("record"), file},
                       {QStringLiteral("sha256"), sha256}};
    if (record.custodians)
        detail.insert(QStringLiteral("custodians"),
                      QJsonArray{record.custodians->first, record.custodians->second});
    if (!record.closedBy.isEmpty())
        detail.insert(QStringLiteral("closedBy"), record.closedBy);
    return detail;
}

} // namespace

Outcome<DualControl> Custody::requireDualControl(const Principal& first, const Principal& second,
                                                 Action action, const QString& subject) {
    KPS_TRY(station_.users().require(first, action, subject));
    KPS_TRY(station_.users().require(second, action, subject));
    if (first.user == second.user) {
        auto audited = station_.audit().append(
            first.user, QStringLiteral("refused"), subject,
            {{QStringLiteral("action"), actionName(action)},
             {QStringLiteral("reason"), QStringLiteral("dual control needs two people")}});
        return refusal(audited,
                       Error{ErrorKind::Refused, actionName(action), subject,
                             QStringLiteral("dual control needs two different key custodians, "
                                            "and %1 logged in twice")
                                 .arg(first.user),
                             QStringLiteral("The second custodian logs in with KPS_LOGIN2 and "
                                            "KPS_LOGIN2_PIN(_FILE)")});
    }
    return DualControl{first.user, second.user};
}

Outcome<bool> Custody::keysDestroyed(const QString& orderId) {
    KPS_TRY_LET(destruction, core_.store->custody().destruction(orderId));
    return destruction.has_value();
}

Done Custody::checkKeysReady(const OrderRecord& record) {
    const QString what = QStringLiteral("run order");
    const QString& orderId = record.order.id;
    KPS_TRY_LET(destroyed, keysDestroyed(orderId));
    if (destroyed)
        return failure(ErrorKind::Refused, what, orderId,
                       QStringLiteral("the order's keys were destroyed"),
                       QStringLiteral("Close the order; a new batch needs a new order"));
    const bool masters = record.order.keySource == KeySource::CustomerMasters;
    if (!masters && record.order.keySource != KeySource::CustomerList)
        return {};
    const QString purpose = masters ? QStringLiteral("masters") : QStringLiteral("key-list");
    KPS_TRY_LET(count, core_.store->custody().importCount(orderId, purpose));
    if (count == 0)
        return failure(ErrorKind::Refused, what, orderId,
                       QStringLiteral("the customer's %1 are not imported yet")
                           .arg(masters ? QStringLiteral("masters") : QStringLiteral("key list")),
                       QStringLiteral("Two key custodians run kps %1 import FILE first")
                           .arg(masters ? QStringLiteral("masters") : QStringLiteral("keylist")));
    return {};
}

namespace {

Outcome<DestructionRecord> destroyFor(StationCore& core, const OrderRecord& record,
                                      DestructionRecord draft) {
    const QString& orderId = record.order.id;
    KPS_TRY_LET(busy, core.store->endpoints().inProgress(orderId));
    if (busy > 0)
        return failure(ErrorKind::Refused, QStringLiteral("destroy order keys"), orderId,
                       QStringLiteral("%1 endpoints are still in progress").arg(busy),
                       QStringLiteral("Run the order again to recover them first"));
    KPS_TRY_LET(objects, core.store->custody().objects(orderId));
    KPS_TRY(core.vault->destroyOrderObjects(orderId));
    KPS_TRY_LET(left, core.vault->orderObjectsOnToken(orderId));
    draft.orderId = orderId;
    draft.keySource = keySourceName(record.order.keySource);
    draft.destroyedAt = QDateTime::currentDateTimeUtc();
    draft.objects = std::move(objects);
    draft.verifiedAbsent = left.isEmpty();
    return draft;
}

} // namespace

Outcome<DestructionRecord> Custody::destroyCustomerKeys(const Principal& first,
                                                        const Principal& second,
                                                        const OrderId& orderId) {
    KPS_TRY_LET(custodians, requireDualControl(first, second, Action::DestroyKeys, orderId));
    KPS_TRY_LET(lock, station_.orders().lock(orderId)); // not while a run works on the order
    KPS_TRY_LET(record, station_.orders().find(orderId));
    KPS_TRY_LET(destroyed, keysDestroyed(orderId));
    if (destroyed)
        return failure(ErrorKind::Refused, QStringLiteral("destroy order keys"), orderId,
                       QStringLiteral("the order's keys were destroyed already"));
    DestructionRecord draft;
    draft.custodians = custodians;
    return destroyFor(core_, record, std::move(draft));
}

Outcome<DestructionRecord> Custody::destroyKeysAtClose(const Principal& supervisor,
                                                       const OrderRecord& record) {
    const QString& orderId = record.order.id;
    KPS_TRY(station_.users().require(supervisor, Action::CloseOrder, orderId));
    if (fromCustomer(record.order.keySource))
        return failure(ErrorKind::Refused, QStringLiteral("close order"), orderId,
                       QStringLiteral("the keys of a %1 order are destroyed by two key "
                                      "custodians, before the order is closed")
                           .arg(keySourceName(record.order.keySource)),
                       QStringLiteral("Two key custodians run kps destroy %1 first").arg(orderId));
    DestructionRecord draft;
    draft.closedBy = supervisor.user;
    return destroyFor(core_, record, std::move(draft));
}

Done Custody::recordDestruction(const DestructionRecord& record, const QString& file,
                                const QString& sha256, const QString& actor) {
    Store& store = *core_.store;
    return store.inTransaction([&]() -> Done {
        KPS_TRY(store.custody().recordDestruction(record, file, sha256));
        KPS_TRY(store.audit().append(actor, QStringLiteral("keys.destroyed"), record.orderId,
                                     destructionDetail(record, file, sha256), record.destroyedAt));
        return {};
    });
}

Outcome<EvalKitKeys> Custody::exportEvalKit(const Principal& first, const Principal& second,
                                            const x509::CertificateInfo& recipient,
                                            const secure::SecretBytes& soPin) {
    const QString subject = QString::fromStdString(recipient.subject);
    KPS_TRY_LET(custodians, requireDualControl(first, second, Action::ExportEvalKit, subject));
    KPS_TRY_LET(kit, core_.vault->exportEvalKit(recipient, soPin));
    KPS_TRY_LET(masters, core_.store->orders().masters({}));
    const std::pair<const char*, const char*> names[] = {{labels::kManufData, "DATA"},
                                                         {labels::kManufDm, "DM"},
                                                         {labels::kManufLocalKey, "LOCAL"},
                                                         {labels::kManufLocalPassword, "PASSWORD"}};
    for (IncomingMaster& master : kit.masters)
        for (const auto& [label, name] : names)
            for (const auto& [recorded, kcv] : masters)
                if (master.name == QLatin1String(label) && recorded == QLatin1String(name))
                    master.kcv = kcv;
    // Fail closed: a kit whose export cannot be audited is not handed out.
    KPS_TRY(station_.audit().append(
        first.user, QStringLiteral("evalkit.export"), subject,
        {{QStringLiteral("custodians"), QJsonArray{custodians.first, custodians.second}},
         {QStringLiteral("recipientSha256"), QString::fromStdString(recipient.sha256Hex)},
         {QStringLiteral("kekKcv"), kit.kek.kcv}}));
    return kit;
}

} // namespace kps::provisioning
