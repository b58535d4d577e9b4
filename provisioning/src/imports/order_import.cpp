#include "order_import.hpp"

namespace kps::provisioning {

Outcome<VerifiedImport> readImportForOrder(Station& station, const QString& file,
                                           const QString& purpose, KeySource expected,
                                           const QString& what) {
    auto unverified = readIncomingListing(file, purpose);
    if (!unverified)
        return tl::unexpected(unverified.error());
    const QString orderId = unverified->orderId();
    auto record = station.order(orderId);
    if (!record && record.error().kind == ErrorKind::BadInput) // names the file and the place
        return failure(ErrorKind::BadInput, what, file + QStringLiteral(": /order"),
                       QStringLiteral("no order %1 is registered at this station").arg(orderId),
                       record.error().hint);
    if (!record)
        return tl::unexpected(record.error());
    auto listing = verifyIncoming(*unverified, record->order.customer.certificate,
                                  station.vault().identity().import);
    if (!listing)
        return tl::unexpected(listing.error());
    if (record->order.keySource != expected) // the file does not fit its order: bad input
        return failure(ErrorKind::BadInput, what, file + QStringLiteral(": /order"),
                       QStringLiteral("order %1 takes no %2 file: its key source is %3, not %4")
                           .arg(orderId, purpose, keySourceName(record->order.keySource),
                                keySourceName(expected)),
                       QStringLiteral("import the file made for this order"));
    if (record->state == OrderState::Closed)
        return failure(ErrorKind::Refused, what, orderId, QStringLiteral("the order is closed"));
    auto destroyed = station.keysDestroyed(orderId);
    if (!destroyed || *destroyed)
        return destroyed ? failure(ErrorKind::Refused, what, orderId,
                                   QStringLiteral("the order's keys were destroyed"))
                         : tl::unexpected(destroyed.error());
    auto profile = station.profile(record->order.profile);
    if (!profile)
        return tl::unexpected(profile.error());
    auto plan = planKeys(*profile, record->order);
    if (!plan)
        return tl::unexpected(plan.error());
    return VerifiedImport{std::move(*listing), std::move(*record), std::move(*plan)};
}

} // namespace kps::provisioning
