// kps order add, start and hold.
#include "dm_master_check.hpp"
#include "kps/provisioning/firmware.hpp"
#include "kps/provisioning/key_plan.hpp"
#include "kps/provisioning/station.hpp"

#include <QJsonObject>
#include <algorithm>

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

/// A listed address another unclosed re-keying order lists too.
std::optional<QString> sharedListedAddress(const Order& order, const OrderRecord& other) {
    if (!order.rekeying() || !other.order.rekeying() || other.state == OrderState::Closed)
        return std::nullopt;
    for (const EndpointAddress& address : order.explicitAddresses)
        if (other.order.indexOf(address.text()))
            return address.text();
    return std::nullopt;
}

Done checkAgainst(const Order& order, const OrderRecord& other) {
    const QString what = QStringLiteral("register order");
    if (other.order.id == order.id)
        return failure(ErrorKind::Refused, what, order.id,
                       QStringLiteral("the order is registered already"));
    if (overlaps(order, other.order))
        return failure(ErrorKind::Refused, what, order.id,
                       QStringLiteral("its address range overlaps order %1").arg(other.order.id),
                       QStringLiteral("Choose another first address"));
    if (auto shared = sharedListedAddress(order, other))
        return failure(
            ErrorKind::Refused, what, order.id,
            QStringLiteral("%1 is being re-keyed by order %2 already").arg(*shared, other.order.id),
            QStringLiteral("Close that order first, or leave the address out"));
    return {};
}

/// A re-keying order targets only endpoints this station produced and verified; an
/// order of new endpoints only addresses never issued.
Done checkListedAddresses(Store& store, const Order& order) {
    for (std::size_t i = 0; i < order.explicitAddresses.size(); ++i) {
        const QString address = order.explicitAddresses[i].text();
        auto rows = store.endpointHistory(address);
        if (!rows)
            return tl::unexpected(rows.error());
        const bool produced = std::any_of(rows->begin(), rows->end(), [](const EndpointRow& row) {
            return row.state == EndpointState::Verified;
        });
        if (order.rekeying() == produced && (order.rekeying() || rows->empty()))
            continue;
        return failure(
            ErrorKind::BadInput, QStringLiteral("register order"), order.id,
            QStringLiteral("/addresses/list/%1: %2 %3")
                .arg(i)
                .arg(address, order.rekeying()
                                  ? QStringLiteral("is no verified endpoint of this station, "
                                                   "so it cannot be re-keyed")
                                  : QStringLiteral("was issued already (re-key it with an "
                                                   "order with \"rekey\": true)")),
            QStringLiteral("Nothing was changed"));
    }
    return {};
}

Done checkNewOrder(Store& store, const Order& order) {
    auto ids = store.orderIds();
    if (!ids)
        return tl::unexpected(ids.error());
    for (const QString& id : *ids) {
        auto other = store.order(id);
        if (!other)
            return tl::unexpected(other.error());
        if (*other)
            if (auto fine = checkAgainst(order, **other); !fine)
                return fine;
    }
    return checkListedAddresses(store, order);
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
            {QStringLiteral("rekeying"), order.rekeying()},
            {QStringLiteral("customerKekKcv"), record.customerKek.kcv},
            {QStringLiteral("headendKekKcv"), record.headendKek.kcv}};
}

/// The order's token objects as custody records; random and customer-list orders
/// also get their storage KEK here.
Outcome<std::vector<CustodyObject>> orderCustody(KeyVault& vault, const Order& order,
                                                 const Profile& profile,
                                                 const std::pair<WrappedKek, WrappedKek>& keks) {
    const auto labels = kekLabelsFor(order.id);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    std::vector<CustodyObject> objects{
        {labels.customer, CustodyKind::CustomerKek, keks.first.kcv, now, {}},
        {labels.headend, CustodyKind::HeadendKek, keks.second.kcv, now, {}}};
    if (!needsStorageKek(profile, order))
        return objects;
    auto storage = vault.createStorageKek(order.id);
    if (!storage)
        return tl::unexpected(storage.error());
    objects.push_back(*storage);
    for (const QString& name : orderKeysToMake(profile, order)) { // fleet key, fixed password
        auto made = vault.createOrderFixedKey(order.id, name);
        if (!made)
            return tl::unexpected(made.error());
        objects.push_back(*made);
    }
    return objects;
}

/// An order's own fixed key is listed with its masters (report) by name.
Done recordOrderKey(Store& store, const QString& orderId, const CustodyObject& object,
                    QJsonObject& facts) {
    const QString name = object.label.section(QLatin1Char(':'), -1);
    facts.insert(name, object.kcv);
    return store.recordMaster(orderId, name, object.label, object.kcv, object.createdAt);
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
        if (object.kind == CustodyKind::Master)
            if (auto kept = recordOrderKey(store, record.order.id, object, facts); !kept)
                return kept;
    }
    auto audited = store.appendAudit(actor, QStringLiteral("order.add"), record.order.id, facts,
                                     record.created);
    return audited ? Done{} : Done(tl::unexpected(audited.error()));
}

/// Everything `order add` checks before it changes anything: the file, its
/// certificates, its profile and its addresses against the registered orders.
Outcome<std::pair<Order, Profile>> checkedOrder(Station& station, Store& store,
                                                const QString& orderFile) {
    auto order = readOrderFile(orderFile, QDateTime::currentDateTimeUtc());
    if (!order)
        return tl::unexpected(order.error());
    auto profile = station.profile(order->profile);
    if (!profile && profile.error().reason == QLatin1String("no such profile"))
        return failure(ErrorKind::BadInput, QStringLiteral("register order"),
                       orderFile + QStringLiteral(": /profile"),
                       QStringLiteral("no profile named %1").arg(order->profile),
                       profile.error().hint);
    if (!profile)
        return tl::unexpected(profile.error());
    auto plan = planKeys(*profile, *order);
    if (!plan)
        return tl::unexpected(plan.error());
    KPS_TRY(loadFirmware(*profile)); // the image the profile pins is there and fits
    if (auto dm = checkDmMasterOrder(station.vault(), *plan, *order); !dm)
        return tl::unexpected(dm.error());
    if (order->keySource == KeySource::CustomerList && order->explicitAddresses.empty())
        return failure(ErrorKind::BadInput, QStringLiteral("register order"),
                       orderFile + QStringLiteral(": /addresses"),
                       QStringLiteral("a customer-list order lists its addresses (addresses.list)"),
                       QStringLiteral("List the addresses the customer's key list covers"));
    if (auto fresh = checkNewOrder(store, *order); !fresh)
        return tl::unexpected(fresh.error());
    return std::pair{std::move(*order), std::move(*profile)};
}

} // namespace

Done Station::checkOrderFile(const QString& orderFile) {
    auto checked = checkedOrder(*this, *store_, orderFile);
    return checked ? Done{} : Done(tl::unexpected(checked.error()));
}

Outcome<OrderRecord> Station::addOrder(const Principal& by, const QString& orderFile) {
    if (auto permitted = require(by, Action::AddOrder, orderFile); !permitted)
        return tl::unexpected(permitted.error());
    const QString& actor = by.user;
    auto checked = checkedOrder(*this, *store_, orderFile);
    if (!checked)
        return tl::unexpected(checked.error());
    const Order& order = checked->first;
    const Profile& profile = checked->second;
    auto keks = vault_->createOrderKeks(order, kekLabelsFor(order.id));
    if (!keks)
        return tl::unexpected(keks.error());
    auto custody = orderCustody(*vault_, order, profile, *keks);
    if (!custody)
        return undone(custody.error(), vault_->destroyOrderObjects(order.id),
                      QStringLiteral("the order's keys"));
    OrderRecord record{order,
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
    if (!stored) // nothing of the order stays on the token
        return undone(stored.error(), vault_->destroyOrderObjects(order.id),
                      QStringLiteral("the order's keys"));
    return record;
}

} // namespace kps::provisioning

namespace kps::provisioning {
namespace {

bool transitionAllowed(OrderState from, OrderState to) {
    return (from == OrderState::Open && to == OrderState::Running) ||
           (from == OrderState::Running && to == OrderState::Open);
}

QString transitionEvent(OrderState to) {
    return to == OrderState::Running ? QStringLiteral("order.start") : QStringLiteral("order.hold");
}

} // namespace

Outcome<OrderRecord> Station::changeOrderState(const Principal& by, const QString& orderId,
                                               OrderState to) {
    if (auto permitted = require(by, Action::ChangeOrderState, orderId); !permitted)
        return tl::unexpected(permitted.error());
    auto record = order(orderId);
    if (!record)
        return tl::unexpected(record.error());
    if (!transitionAllowed(record->state, to))
        return failure(ErrorKind::Refused, QStringLiteral("change order state"), orderId,
                       QStringLiteral("the order is %1: it cannot become %2")
                           .arg(orderStateName(record->state), orderStateName(to)),
                       record->state == OrderState::Closed
                           ? QStringLiteral("A closed order takes no more work")
                           : QString());
    auto changed = store_->inTransaction([&]() -> Done {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        if (auto done = store_->setOrderState(orderId, to, now); !done)
            return done;
        auto audited = store_->appendAudit(by.user, transitionEvent(to), orderId,
                                           {{QStringLiteral("from"), orderStateName(record->state)},
                                            {QStringLiteral("to"), orderStateName(to)}},
                                           now);
        return audited ? Done{} : Done(tl::unexpected(audited.error()));
    });
    if (!changed)
        return tl::unexpected(changed.error());
    record->state = to;
    return record;
}

Outcome<OrderLock> Station::lockOrder(const QString& orderId) {
    return OrderLock::acquire(paths_.locks(), orderId);
}

} // namespace kps::provisioning
