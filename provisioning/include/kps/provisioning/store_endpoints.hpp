#pragma once
// The store's endpoint rows, the line's write-ahead log (store_endpoints.cpp, the writes;
// store_endpoint_reads.cpp and store_exports.cpp, the reads). An address has one row per
// order; a new endpoint's address is never issued twice.
#include "kps/provisioning/records.hpp"

#include <functional>

namespace kps::provisioning {

class Store;

struct StationCount {
    QString station;
    qint64 verified = 0;
    qint64 failed = 0;
};

using EndpointVisitor = std::function<Done(const EndpointRow&)>;

class StoreEndpoints {
public:
    explicit StoreEndpoints(Store& store)
        : store_(store) {}

    /// Decides what happens to the endpoint a slot has attached, by its unique ID: its
    /// unfinished row of this order is resumed (and moves to this slot), or the next free
    /// address (new production) or its own listed address (re-keying) is reserved as a
    /// row 'reserved', within the order's quantity. See ClaimKind.
    /// A locked endpoint (provisioned before) gets no new row: it can only finish a
    /// row it holds already.
    Outcome<Claim> claim(const Order& order, int slot, const QString& uniqueId, bool locked,
                         const QDateTime& at);
    /// Rows of the order left unfinished in `slot` whose endpoint is no longer in that
    /// socket (`present`: the unique ID there now, empty if none) become
    /// failed('interrupted'), each audited. Returns their addresses.
    Outcome<QStringList> failInterrupted(const QString& orderId, int slot, const QString& present,
                                         const QString& actor, const QDateTime& at);
    Done recordSecrets(const QString& orderId, const QString& address,
                       const std::vector<SecretRow>& secrets);
    Done finish(const QString& orderId, const QString& address, EndpointState state,
                const QString& reason, int attempts, qint64 cycleMs, const QDateTime& at);
    /// The firmware image (SHA-256 of its file) a verified endpoint was programmed with
    /// (store_firmware.cpp).
    Done recordFirmware(const QString& orderId, const QString& address, const QString& sha256);
    /// Verified endpoints per firmware image, most first; empty without firmware.
    Outcome<std::vector<std::pair<QString, qint64>>> firmwareCounts(const QString& orderId);
    /// The image an endpoint holds ("" when none was programmed).
    Outcome<QString> firmware(const QString& orderId, const QString& address);

    Outcome<std::optional<EndpointRow>> find(const QString& orderId, const QString& address);
    /// Every row an address has had, oldest first (production, then re-keying orders).
    Outcome<std::vector<EndpointRow>> history(const QString& address);
    /// Streams the order's endpoints in index order, with their secrets.
    Done forEach(const QString& orderId, std::optional<EndpointState> only,
                 const EndpointVisitor& visit);
    /// The order's rows still reserved or injecting, with their secrets.
    Outcome<std::vector<EndpointRow>> unfinished(const QString& orderId);
    /// KCVs of the keys that re-keying orders replaced at this address.
    Outcome<std::vector<KeyHistoryRow>> keyHistory(const QString& address);
    /// Streams only what an export needs (address, index, secrets) of the order's
    /// endpoints in one state, in index order.
    Done forEachSecrets(const QString& orderId, EndpointState state, const EndpointVisitor& visit);
    Outcome<std::vector<std::pair<QString, int>>> failureReasons(const QString& orderId);
    /// Cycle times (ms) of the order's verified endpoints, ascending.
    Outcome<std::vector<qint64>> cycleTimes(const QString& orderId);
    /// Endpoints of the order still reserved or injecting.
    Outcome<qint64> inProgress(const QString& orderId);
    /// Per station (shared registry): verified and failed endpoints of the order.
    Outcome<std::vector<StationCount>> stationCounts(const QString& orderId);
    /// Everyone who appears in the audit chain for this order.
    Outcome<QStringList> actorsFor(const QString& orderId);

private:
    Done lockOrderRow(const QString& orderId);
    Outcome<std::uint32_t> nextFreeIndex(const Order& order, std::uint32_t from);
    Outcome<std::vector<EndpointRow>> where(const QString& condition, const QVariantList& values);
    Outcome<Claim> reserveNew(const Order& order, int slot, const QString& uniqueId,
                              const QDateTime& at);
    Outcome<Claim> reserveRekey(const Order& order, int slot, const QString& uniqueId,
                                const QDateTime& at);
    Done insertReserved(const Order& order, const Reservation& reservation, bool rekey, int slot,
                        const QString& uniqueId, const QDateTime& at);
    Store& store_;
};

} // namespace kps::provisioning
