// kps order add and kps run.
#include "kps/provisioning/key_plan.hpp"
#include "kps/provisioning/station.hpp"

#include <QJsonObject>

namespace kps::provisioning {
namespace {

bool sameAddressSpace(const EndpointAddress& a, const EndpointAddress& b) {
    return a.manufacturerCode() == b.manufacturerCode() && a.version() == b.version() &&
           a.type() == b.type();
}

/// Two range orders whose nominal ranges [first, first + quantity) meet.
bool overlaps(const Order& a, const Order& b) {
    if (!a.explicitAddresses.empty() || !b.explicitAddresses.empty() ||
        !sameAddressSpace(a.first, b.first))
        return false;
    const auto aEnd = std::uint64_t(a.first.id()) + a.quantity;
    const auto bEnd = std::uint64_t(b.first.id()) + b.quantity;
    return a.first.id() < bEnd && b.first.id() < aEnd;
}

Done checkNewOrder(Store& store, const Order& order) {
    const QString what = QStringLiteral("register order");
    auto ids = store.orderIds();
    if (!ids)
        return tl::unexpected(ids.error());
    for (const QString& id : *ids) {
        if (id == order.id)
            return failure(ErrorKind::Refused, what, order.id,
                           QStringLiteral("the order is registered already"));
        auto other = store.order(id);
        if (!other)
            return tl::unexpected(other.error());
        if (*other && overlaps(order, (*other)->order))
            return failure(ErrorKind::Refused, what, order.id,
                           QStringLiteral("its address range overlaps order %1").arg(id),
                           QStringLiteral("Choose another first address"));
    }
    return {};
}

QJsonObject orderFacts(const Order& order, const OrderRecord& record) {
    return {{QStringLiteral("customer"), order.customer.name},
            {QStringLiteral("customerCertificateSha256"),
             QString::fromStdString(order.customer.certificate.sha256Hex)},
            {QStringLiteral("headend"), order.headend.name},
            {QStringLiteral("headendCertificateSha256"),
             QString::fromStdString(order.headend.certificate.sha256Hex)},
            {QStringLiteral("profile"), order.profile},
            {QStringLiteral("keySource"), keySourceName(order.keySource)},
            {QStringLiteral("quantity"), order.quantity},
            {QStringLiteral("first"), order.first.text()},
            {QStringLiteral("customerKekKcv"), record.customerKek.kcv},
            {QStringLiteral("headendKekKcv"), record.headendKek.kcv}};
}

/// The order's token objects as custody records; random and customer-list orders
/// also get their storage KEK here.
Outcome<std::vector<CustodyObject>> orderCustody(KeyVault& vault, const Order& order,
                                                 const std::pair<WrappedKek, WrappedKek>& keks) {
    const auto labels = kekLabelsFor(order.id);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    std::vector<CustodyObject> objects{
        {labels.customer, CustodyKind::CustomerKek, keks.first.kcv, now, {}},
        {labels.headend, CustodyKind::HeadendKek, keks.second.kcv, now, {}}};
    if (order.keySource != KeySource::Random && order.keySource != KeySource::CustomerList)
        return objects;
    auto storage = vault.createStorageKek(order.id);
    if (!storage)
        return tl::unexpected(storage.error());
    objects.push_back(*storage);
    return objects;
}

/// Inside the caller's transaction: the order, its token objects and its audit row.
Done recordNewOrder(Store& store, const OrderRecord& record,
                    const std::vector<CustodyObject>& custody, const QString& actor) {
    if (auto inserted = store.insertOrder(record); !inserted)
        return inserted;
    QJsonObject facts = orderFacts(record.order, record);
    for (const CustodyObject& object : custody) {
        if (auto kept = store.recordCustody(record.order.id, object, actor); !kept)
            return kept;
        if (object.kind == CustodyKind::StorageKek)
            facts.insert(QStringLiteral("storageKekKcv"), object.kcv);
    }
    auto audited = store.appendAudit(actor, QStringLiteral("order.add"), record.order.id, facts,
                                     record.created);
    return audited ? Done{} : Done(tl::unexpected(audited.error()));
}

} // namespace

Outcome<OrderRecord> Station::addOrder(const Principal& by, const QString& orderFile) {
    if (auto permitted = require(by, Action::AddOrder, orderFile); !permitted)
        return tl::unexpected(permitted.error());
    const QString& actor = by.user;
    auto order = readOrderFile(orderFile, QDateTime::currentDateTimeUtc());
    if (!order)
        return tl::unexpected(order.error());
    auto profile = this->profile(order->profile);
    if (!profile)
        return tl::unexpected(profile.error());
    if (auto plan = planKeys(*profile, *order); !plan)
        return tl::unexpected(plan.error());
    if (order->keySource == KeySource::CustomerList && order->explicitAddresses.empty())
        return failure(ErrorKind::BadInput, QStringLiteral("register order"),
                       orderFile + QStringLiteral(": /addresses"),
                       QStringLiteral("a customer-list order lists its addresses (addresses.list)"),
                       QStringLiteral("List the addresses the customer's key list covers"));
    if (auto fresh = checkNewOrder(*store_, *order); !fresh)
        return tl::unexpected(fresh.error());
    auto keks = vault_->createOrderKeks(*order, kekLabelsFor(order->id));
    if (!keks)
        return tl::unexpected(keks.error());
    auto custody = orderCustody(*vault_, *order, *keks);
    if (!custody) {
        vault_->destroyOrderObjects(order->id);
        return tl::unexpected(custody.error());
    }
    OrderRecord record{*order,
                       OrderState::Open,
                       keks->first,
                       keks->second,
                       QDateTime::currentDateTimeUtc(),
                       {},
                       0,
                       0,
                       0};
    auto stored = store_->inTransaction(
        [&]() -> Done { return recordNewOrder(*store_, record, *custody, actor); });
    if (!stored) {
        vault_->destroyOrderObjects(order->id); // nothing of the order stays on the token
        return tl::unexpected(stored.error());
    }
    return record;
}

Outcome<RunSummary> Station::run(const Principal& by, const QString& orderId,
                                 const RunOptions& requested, JigRack& rack, RunObserver& observer,
                                 const std::atomic<bool>& cancel) {
    if (auto permitted = require(by, Action::RunOrder, orderId); !permitted)
        return tl::unexpected(permitted.error());
    RunOptions options = requested;
    options.actor = by.user;
    auto record = order(orderId);
    if (!record)
        return tl::unexpected(record.error());
    if (record->state == OrderState::Closed)
        return failure(ErrorKind::Refused, QStringLiteral("run order"), orderId,
                       QStringLiteral("the order is closed"));
    if (auto ready = checkKeysReady(*record); !ready)
        return tl::unexpected(ready.error());
    auto profile = this->profile(record->order.profile);
    if (!profile)
        return tl::unexpected(profile.error());
    auto plan = planKeys(*profile, record->order);
    if (!plan)
        return tl::unexpected(plan.error());
    auto writer = StoreWriter::start(location_);
    if (!writer)
        return tl::unexpected(writer.error());
    const QJsonObject start{{QStringLiteral("slots"), options.slotCount},
                            {QStringLiteral("count"), options.count}};
    if (auto started = (*writer)->submit([&](Store& store) -> Done {
            if (auto done = store.setOrderState(orderId, OrderState::Running, {}); !done)
                return done;
            auto audited = store.appendAudit(options.actor, QStringLiteral("line.start"), orderId,
                                             start, QDateTime::currentDateTimeUtc());
            return audited ? Done{} : Done(tl::unexpected(audited.error()));
        });
        !started)
        return tl::unexpected(started.error());
    LineRun line(*vault_, rack, **writer, *record, *plan, options);
    RunSummary summary = line.run(observer, cancel);
    const QJsonObject stop{{QStringLiteral("verified"), summary.verified},
                           {QStringLiteral("failed"), summary.failed},
                           {QStringLiteral("cancelled"), summary.cancelled},
                           {QStringLiteral("orderComplete"), summary.orderComplete},
                           {QStringLiteral("stoppedBy"),
                            summary.stoppedBy ? summary.stoppedBy->message() : QString()}};
    (*writer)->submit([&](Store& store) -> Done {
        auto audited = store.appendAudit(options.actor, QStringLiteral("line.stop"), orderId, stop,
                                         QDateTime::currentDateTimeUtc());
        return audited ? Done{} : Done(tl::unexpected(audited.error()));
    });
    return summary;
}

} // namespace kps::provisioning
