// Key custody at the station: dual control, destruction of an order's keys with its
// proof, readiness of an order's keys for a run, evaluation kits.
#include "../vault/labels.hpp"
#include "kps/provisioning/station.hpp"

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

Outcome<DualControl> Station::requireDualControl(const Principal& first, const Principal& second,
                                                 Action action, const QString& subject) {
    if (auto permitted = require(first, action, subject); !permitted)
        return tl::unexpected(permitted.error());
    if (auto permitted = require(second, action, subject); !permitted)
        return tl::unexpected(permitted.error());
    if (first.user == second.user) {
        auto audited =
            audit(first.user, QStringLiteral("refused"), subject,
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

Outcome<bool> Station::keysDestroyed(const QString& orderId) {
    auto destruction = store_->destruction(orderId);
    if (!destruction)
        return tl::unexpected(destruction.error());
    return destruction->has_value();
}

Done Station::checkKeysReady(const OrderRecord& record) {
    const QString what = QStringLiteral("run order");
    const QString& orderId = record.order.id;
    auto destroyed = keysDestroyed(orderId);
    if (!destroyed)
        return tl::unexpected(destroyed.error());
    if (*destroyed)
        return failure(ErrorKind::Refused, what, orderId,
                       QStringLiteral("the order's keys were destroyed"),
                       QStringLiteral("Close the order; a new batch needs a new order"));
    const bool masters = record.order.keySource == KeySource::CustomerMasters;
    if (!masters && record.order.keySource != KeySource::CustomerList)
        return {};
    const QString purpose = masters ? QStringLiteral("masters") : QStringLiteral("key-list");
    auto count = store_->importCount(orderId, purpose);
    if (!count)
        return tl::unexpected(count.error());
    if (*count == 0)
        return failure(ErrorKind::Refused, what, orderId,
                       QStringLiteral("the customer's %1 are not imported yet")
                           .arg(masters ? QStringLiteral("masters") : QStringLiteral("key list")),
                       QStringLiteral("Two key custodians run kps %1 import FILE first")
                           .arg(masters ? QStringLiteral("masters") : QStringLiteral("keylist")));
    return {};
}

namespace {

Outcome<DestructionRecord> destroyFor(Station& station, const OrderRecord& record,
                                      DestructionRecord draft) {
    const QString& orderId = record.order.id;
    auto busy = station.store().inProgress(orderId);
    if (!busy)
        return tl::unexpected(busy.error());
    if (*busy > 0)
        return failure(ErrorKind::Refused, QStringLiteral("destroy order keys"), orderId,
                       QStringLiteral("%1 endpoints are still in progress").arg(*busy),
                       QStringLiteral("Run the order again to recover them first"));
    auto objects = station.store().custodyObjects(orderId);
    if (!objects)
        return tl::unexpected(objects.error());
    auto destroyed = station.vault().destroyOrderObjects(orderId);
    if (!destroyed)
        return tl::unexpected(destroyed.error());
    auto left = station.vault().orderObjectsOnToken(orderId);
    if (!left)
        return tl::unexpected(left.error());
    draft.orderId = orderId;
    draft.keySource = keySourceName(record.order.keySource);
    draft.destroyedAt = QDateTime::currentDateTimeUtc();
    draft.objects = *objects;
    draft.verifiedAbsent = left->isEmpty();
    return draft;
}

} // namespace

Outcome<DestructionRecord> Station::destroyCustomerKeys(const Principal& first,
                                                        const Principal& second,
                                                        const QString& orderId) {
    auto custodians = requireDualControl(first, second, Action::DestroyKeys, orderId);
    if (!custodians)
        return tl::unexpected(custodians.error());
    auto lock = lockOrder(orderId); // not while a run works on the order
    if (!lock)
        return tl::unexpected(lock.error());
    auto record = order(orderId);
    if (!record)
        return tl::unexpected(record.error());
    auto destroyed = keysDestroyed(orderId);
    if (!destroyed)
        return tl::unexpected(destroyed.error());
    if (*destroyed)
        return failure(ErrorKind::Refused, QStringLiteral("destroy order keys"), orderId,
                       QStringLiteral("the order's keys were destroyed already"));
    DestructionRecord draft;
    draft.custodians = *custodians;
    return destroyFor(*this, *record, std::move(draft));
}

Outcome<DestructionRecord> Station::destroyKeysAtClose(const Principal& supervisor,
                                                       const QString& orderId) {
    if (auto permitted = require(supervisor, Action::CloseOrder, orderId); !permitted)
        return tl::unexpected(permitted.error());
    auto record = order(orderId);
    if (!record)
        return tl::unexpected(record.error());
    if (fromCustomer(record->order.keySource))
        return failure(ErrorKind::Refused, QStringLiteral("close order"), orderId,
                       QStringLiteral("the keys of a %1 order are destroyed by two key "
                                      "custodians, before the order is closed")
                           .arg(keySourceName(record->order.keySource)),
                       QStringLiteral("Two key custodians run kps destroy %1 first").arg(orderId));
    DestructionRecord draft;
    draft.closedBy = supervisor.user;
    return destroyFor(*this, *record, std::move(draft));
}

Done Station::recordDestruction(const DestructionRecord& record, const QString& file,
                                const QString& sha256, const QString& actor) {
    return store_->inTransaction([&]() -> Done {
        if (auto done = store_->recordDestruction(record, file, sha256); !done)
            return done;
        auto audited =
            store_->appendAudit(actor, QStringLiteral("keys.destroyed"), record.orderId,
                                destructionDetail(record, file, sha256), record.destroyedAt);
        return audited ? Done{} : Done(tl::unexpected(audited.error()));
    });
}

Outcome<EvalKitKeys> Station::exportEvalKit(const Principal& first, const Principal& second,
                                            const x509::CertificateInfo& recipient,
                                            const secure::SecretBytes& soPin) {
    const QString subject = QString::fromStdString(recipient.subject);
    auto custodians = requireDualControl(first, second, Action::ExportEvalKit, subject);
    if (!custodians)
        return tl::unexpected(custodians.error());
    auto kit = vault_->exportEvalKit(recipient, soPin);
    if (!kit)
        return tl::unexpected(kit.error());
    auto masters = store_->masters({});
    if (!masters)
        return tl::unexpected(masters.error());
    const std::pair<const char*, const char*> names[] = {{labels::kManufData, "DATA"},
                                                         {labels::kManufDm, "DM"},
                                                         {labels::kManufLocalKey, "LOCAL"},
                                                         {labels::kManufLocalPassword, "PASSWORD"}};
    for (IncomingMaster& master : kit->masters)
        for (const auto& [label, name] : names)
            for (const auto& [recorded, kcv] : *masters)
                if (master.name == QLatin1String(label) && recorded == QLatin1String(name))
                    master.kcv = kcv;
    // Fail closed: a kit whose export cannot be audited is not handed out.
    KPS_TRY(
        audit(first.user, QStringLiteral("evalkit.export"), subject,
              {{QStringLiteral("custodians"), QJsonArray{custodians->first, custodians->second}},
               {QStringLiteral("recipientSha256"), QString::fromStdString(recipient.sha256Hex)},
               {QStringLiteral("kekKcv"), kit->kek.kcv}}));
    return kit;
}

} // namespace kps::provisioning
