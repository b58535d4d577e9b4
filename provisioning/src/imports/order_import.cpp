#include "order_import.hpp"

namespace kps::provisioning {

Outcome<VerifiedImport> readImportForOrder(Station& station, const QString& file,
                                           const QString& purpose, KeySource expected,
                                           const QString& what) {
    KPS_TRY_LET(unverified, readIncomingListing(file, purpose));
    const QString orderId = unverified.orderId();
    KPS_TRY_LET(id, OrderId::parse(orderId, file + QStringLiteral(": /order")));
    auto record = station.orders().find(id);
    if (!record && record.error().kind == ErrorKind::BadInput) // names the file and the place
        return failure(ErrorKind::BadInput, what, file + QStringLiteral(": /order"),
                       QStringLiteral("no order %1 is registered at this station").arg(orderId),
                       record.error().hint);
    KPS_TRY(record);
    KPS_TRY_LET(listing, verifyIncoming(unverified, record->order.customer.certificate,
                                        station.identity().import));
    if (record->order.keySource != expected) // the file does not fit its order: bad input
        return failure(ErrorKind::BadInput, what, file + QStringLiteral(": /order"),
                       QStringLiteral("order %1 takes no %2 file: its key source is %3, not %4")
                           .arg(orderId, purpose, keySourceName(record->order.keySource),
                                keySourceName(expected)),
                       QStringLiteral("import the file made for this order"));
    if (record->state == OrderState::Closed)
        return failure(ErrorKind::Refused, what, orderId, QStringLiteral("the order is closed"));
    KPS_TRY_LET(destroyed, station.custody().keysDestroyed(orderId));
    if (destroyed)
        return failure(ErrorKind::Refused, what, orderId,
                       QStringLiteral("the order's keys were destroyed"));
    KPS_TRY_LET(profile, station.orders().profileOf(*record));
    KPS_TRY_LET(plan, planKeys(profile, record->order));
    return VerifiedImport{std::move(listing), std::move(*record), std::move(plan)};
}

} // namespace kps::provisioning
