// The firmware image each verified endpoint was programmed with (migration 10): the
// SHA-256 of the image file its profile pinned, and the count per image for reports.
#include "kps/provisioning/store.hpp"
#include "sql.hpp"

namespace kps::provisioning {

Done StoreEndpoints::recordFirmware(const QString& orderId, const QString& address,
                                    const QString& sha256) {
    const QString what = QStringLiteral("record the endpoint's firmware");
    KPS_TRY_LET(updated, sql::change(store_.database_, what,
                                     QStringLiteral("UPDATE endpoints SET firmware_sha256 = ?"
                                                    " WHERE order_id = ? AND address = ?"),
                                     {sha256, orderId, address}));
    if (updated != 1)
        return failure(ErrorKind::Internal, what, address, QStringLiteral("no such endpoint"));
    return {};
}

Outcome<std::vector<std::pair<QString, qint64>>>
StoreEndpoints::firmwareCounts(const QString& orderId) {
    KPS_TRY_LET(query, sql::run(store_.database_, QStringLiteral("count firmware images"),
                                QStringLiteral("SELECT firmware_sha256, COUNT(*) FROM endpoints"
                                               " WHERE order_id = ? AND state = 'verified'"
                                               " AND firmware_sha256 IS NOT NULL"
                                               " GROUP BY firmware_sha256 ORDER BY 2 DESC, 1"),
                                {orderId}));
    std::vector<std::pair<QString, qint64>> counts;
    while (query.next())
        counts.emplace_back(query.value(0).toString(), query.value(1).toLongLong());
    return counts;
}

Outcome<QString> StoreEndpoints::firmware(const QString& orderId, const QString& address) {
    KPS_TRY_LET(query, sql::run(store_.database_, QStringLiteral("read the endpoint's firmware"),
                                QStringLiteral("SELECT firmware_sha256 FROM endpoints"
                                               " WHERE order_id = ? AND address = ?"),
                                {orderId, address}));
    return query.next() ? query.value(0).toString() : QString();
}

} // namespace kps::provisioning
