// kps order add, start and hold.
#include "dm_master_check.hpp"
#include "kps/provisioning/firmware.hpp"
#include "kps/provisioning/key_plan.hpp"
#include "kps/provisioning/station.hpp"
#include "station_core.hpp"

#include <QCryptographicHash>
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
        KPS_TRY_LET(rows, store.endpoints().history(address));
        const bool produced = std::any_of(rows.begin(), rows.end(), [](const EndpointRow& row) {
            return row.state == EndpointState::Verified;
        });
        if (order.rekeying() == produced && (order.rekeying() || rows.empty()))
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
    KPS_TRY_LET(ids, store.orders().ids());
    for (const QString& id : ids) {
        KPS_TRY_LET(other, store.orders().find(id));
        if (other)
            KPS_TRY(checkAgainst(order, *other));
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
    KPS_TRY_LET(storage, vault.createStorageKek(order.id));
    objects.push_back(storage);
    for (const QString& name : orderKeysToMake(profile, order)) { // fleet key, fixed password
        KPS_TRY_LET(made, vault.createOrderFixedKey(order.id, name));
        objects.push_back(made);
    }
    return objects;
}

/// An order's own fixed key is listed with its masters (report) by name.
Done recordOrderKey(Store& store, const QString& orderId, const CustodyObject& object,
                    QJsonObject& facts) {
    const QString name = object.label.section(QLatin1Char(':'), -1);
    facts.insert(name, object.kcv);
    return store.orders().recordMaster(orderId, name, object.label, object.kcv, object.createdAt);
}

QString sha256Of(const QByteArray& bytes) {
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

StoreOrders::PinnedProfile pinOf(const Profile& profile) {
    return {profile.name, profile.path, sha256Of(profile.document), profile.document};
}

/// Inside the caller's transaction: the order's row, its token objects, its pinned
/// profile and its audit row (which names the profile's SHA-256 and the firmware image
/// the profile pins).
Done recordNewOrder(Store& store, const OrderRecord& record,
                    const std::vector<CustodyObject>& custody, const Profile& profile,
                    const QString& actor) {
    KPS_TRY(store.orders().insert(record));
    const StoreOrders::PinnedProfile pinned = pinOf(profile);
    KPS_TRY(store.orders().pinProfile(record.order.id, pinned));
    QJsonObject facts = orderFacts(record.order, record);
    facts.insert(QStringLiteral("profileSha256"), pinned.sha256);
    if (profile.firmware)
        facts.insert(QStringLiteral("firmwareSha256"), profile.firmware->sha256);
    for (const CustodyObject& object : custody) {
        KPS_TRY(store.custody().recordObject(record.order.id, object, actor));
        if (object.kind == CustodyKind::StorageKek)
            facts.insert(QStringLiteral("storageKekKcv"), object.kcv);
        if (object.kind == CustodyKind::Master)
            KPS_TRY(recordOrderKey(store, record.order.id, object, facts));
    }
    KPS_TRY(store.audit().append(actor, QStringLiteral("order.add"), record.order.id, facts,
                                 record.created));
    return {};
}

/// Everything `order add` checks before it changes anything: the file, its
/// certificates, its profile and its addresses against the registered orders.
Outcome<std::pair<Order, Profile>> checkedOrder(Orders& orders, StationCore& core,
                                                const QString& orderFile) {
    KPS_TRY_LET(order, readOrderFile(orderFile, QDateTime::currentDateTimeUtc()));
    auto profile = orders.profile(order.profile);
    if (!profile && profile.error().reason == QLatin1String("no such profile"))
        return failure(ErrorKind::BadInput, QStringLiteral("register order"),
                       orderFile + QStringLiteral(": /profile"),
                       QStringLiteral("no profile named %1").arg(order.profile),
                       profile.error().hint);
    KPS_TRY(profile);
    KPS_TRY_LET(plan, planKeys(*profile, order));
    KPS_TRY(loadFirmware(*profile)); // the image the profile pins is there and fits
    KPS_TRY(checkDmMasterOrder(*core.vault, plan, order));
    if (order.keySource == KeySource::CustomerList && order.explicitAddresses.empty())
        return failure(ErrorKind::BadInput, QStringLiteral("register order"),
                       orderFile + QStringLiteral(": /addresses"),
                       QStringLiteral("a customer-list order lists its addresses (addresses.list)"),
                       QStringLiteral("List the addresses the customer's key list covers"));
    KPS_TRY(checkNewOrder(*core.store, order));
    return std::pair{std::move(order), std::move(*profile)};
}

} // namespace

Done Orders::checkFile(const QString& orderFile) {
    KPS_TRY(checkedOrder(*this, core_, orderFile));
    return {};
}

Outcome<OrderRecord> Orders::add(const Principal& by, const QString& orderFile) {
    KPS_TRY(station_.users().require(by, Action::AddOrder, orderFile));
    KPS_TRY_LET(checked, checkedOrder(*this, core_, orderFile));
    const Order& order = checked.first;
    const Profile& profile = checked.second;
    KeyVault& vault = *core_.vault;
    Store& store = *core_.store;
    KPS_TRY_LET(keks, vault.createOrderKeks(order, kekLabelsFor(order.id)));
    auto custody = orderCustody(vault, order, profile, keks);
    if (!custody)
        return undone(custody.error(), vault.destroyOrderObjects(order.id),
                      QStringLiteral("the order's keys"));
    OrderRecord record{
        order, OrderState::Open, keks.first, keks.second, QDateTime::currentDateTimeUtc(), {}, 0, 0,
        0};
    auto stored = store.inTransaction(
        [&]() -> Done { return recordNewOrder(store, record, *custody, profile, by.user); });
    if (!stored) // nothing of the order stays on the token
        return undone(stored.error(), vault.destroyOrderObjects(order.id),
                      QStringLiteral("the order's keys"));
    return record;
}

Outcome<OrderRecord> Orders::find(const OrderId& orderId) {
    KPS_TRY_LET(record, core_.store->orders().find(orderId));
    if (!record)
        return failure(ErrorKind::BadInput, QStringLiteral("find order"), orderId,
                       QStringLiteral("no such order"),
                       QStringLiteral("Register it with kps order add"));
    return std::move(*record);
}

Outcome<std::vector<OrderRecord>> Orders::list(const Principal& by) {
    KPS_TRY(station_.users().require(by, Action::ViewOrders, QStringLiteral("orders")));
    KPS_TRY_LET(ids, core_.store->orders().ids());
    std::vector<OrderRecord> records;
    for (const QString& id : ids) {
        KPS_TRY_LET(record, core_.store->orders().find(id));
        if (record)
            records.push_back(std::move(*record));
    }
    return records;
}

Outcome<OrderStatus> Orders::show(const Principal& by, const OrderId& orderId) {
    KPS_TRY(station_.users().require(by, Action::ViewOrders, orderId));
    KPS_TRY_LET(record, find(orderId));
    KPS_TRY_LET(busy, core_.store->endpoints().inProgress(orderId));
    KPS_TRY_LET(reasons, core_.store->endpoints().failureReasons(orderId));
    return OrderStatus{std::move(record), busy, std::move(reasons)};
}

Outcome<Profile> Orders::profile(const QString& name) {
    return loadProfile(name, core_.paths.profiles());
}

Outcome<Profile> Orders::profileOf(const OrderRecord& record) {
    KPS_TRY_LET(pinned, core_.store->orders().pinnedProfile(record.order.id));
    if (!pinned) // an order added before profiles were pinned
        return profile(record.order.profile);
    if (sha256Of(pinned->document) != pinned->sha256)
        return failure(ErrorKind::Store, QStringLiteral("read pinned profile"), record.order.id,
                       QStringLiteral("the pinned profile's bytes do not match their SHA-256"),
                       QStringLiteral("Run kps audit verify and check the database"));
    auto parsed = parseProfile(pinned->document, pinned->path);
    if (!parsed)
        return tl::unexpected(
            Error::fromInput(parsed.error(), QStringLiteral("read pinned profile")));
    parsed->path = pinned->path;
    parsed->document = pinned->document;
    return *parsed;
}

Outcome<BatchRecords> Orders::records(const Principal& by, const OrderId& orderId) {
    KPS_TRY(station_.users().require(by, Action::WriteReport, orderId));
    KPS_TRY_LET(record, find(orderId));
    return BatchRecords(station_, core_, by, std::move(record));
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

Outcome<OrderRecord> Orders::changeState(const Principal& by, const OrderId& orderId,
                                         OrderState to) {
    KPS_TRY(station_.users().require(by, Action::ChangeOrderState, orderId));
    KPS_TRY_LET(record, find(orderId));
    if (!transitionAllowed(record.state, to))
        return failure(ErrorKind::Refused, QStringLiteral("change order state"), orderId,
                       QStringLiteral("the order is %1: it cannot become %2")
                           .arg(orderStateName(record.state), orderStateName(to)),
                       record.state == OrderState::Closed
                           ? QStringLiteral("A closed order takes no more work")
                           : QString());
    Store& store = *core_.store;
    KPS_TRY(store.inTransaction([&]() -> Done {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        KPS_TRY(store.orders().setState(orderId, to, now));
        KPS_TRY(store.audit().append(by.user, transitionEvent(to), orderId,
                                     {{QStringLiteral("from"), orderStateName(record.state)},
                                      {QStringLiteral("to"), orderStateName(to)}},
                                     now));
        return {};
    }));
    record.state = to;
    return record;
}

Outcome<OrderLock> Orders::lock(const OrderId& orderId) {
    return OrderLock::acquire(core_.paths.locks(), orderId);
}

} // namespace kps::provisioning
