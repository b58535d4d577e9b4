#pragma once
// The station's orders: registering, starting and holding them, what the views read,
// and what the exports and the batch report read of one order (station_orders.cpp,
// station_close.cpp, batch_records.cpp).
#include "kps/provisioning/batch_records.hpp"
#include "kps/provisioning/order_id.hpp"
#include "kps/provisioning/order_lock.hpp"
#include "kps/provisioning/records.hpp"
#include "kps/provisioning/roles.hpp"

#include <vector>

namespace kps::provisioning {

class Station;
class StationCore;

/// An order as a view shows it: its record, the endpoints still in progress and the
/// reasons of the failed ones.
struct OrderStatus {
    OrderRecord record;
    qint64 inProgress = 0;
    std::vector<std::pair<QString, int>> failures; // reason, count
};

class OrderClosing;

class Orders {
public:
    Orders(Station& station, StationCore& core)
        : station_(station)
        , core_(core) {}

    /// Registers an order file (kps-order/1): its KEKs are made in the HSM, the order
    /// is open until a supervisor starts it.
    Outcome<OrderRecord> add(const Principal& by, const QString& orderFile);
    /// Checks an order file as completely as add() would, and writes nothing (no audit
    /// row either): the command line calls it before anyone logs in.
    Done checkFile(const QString& orderFile);
    /// The registered order (the engine's own lookups; views use show()).
    Outcome<OrderRecord> find(const OrderId& orderId);
    /// Every order, for a role allowed to view orders.
    Outcome<std::vector<OrderRecord>> list(const Principal& by);
    Outcome<OrderStatus> show(const Principal& by, const OrderId& orderId);
    /// Supervisors only: start (open -> running) or hold (running -> open) an order.
    /// Operators run only running orders; a closed order changes no more.
    Outcome<OrderRecord> changeState(const Principal& by, const OrderId& orderId, OrderState to);
    /// One process at a time works on an order (run, close); refused while another does.
    Outcome<OrderLock> lock(const OrderId& orderId);
    Outcome<Profile> profile(const QString& name);
    /// The profile pinned to the order at `order add` (its bytes, not the file of that
    /// name now); the file for an order added before profiles were pinned.
    Outcome<Profile> profileOf(const OrderRecord& record);
    /// What the batch report reads of the order, for a role allowed to write it.
    Outcome<BatchRecords> records(const Principal& by, const OrderId& orderId);
    /// Starts closing the order (station_close.cpp): refused unless the principal may
    /// close it, no other process works on it, no endpoint is in progress, a shared
    /// registry's order is held, and a customer's keys are destroyed already.
    Outcome<OrderClosing> beginClose(const Principal& by, const OrderId& orderId);

private:
    Station& station_;
    StationCore& core_;
};

/// An order being closed, under its lock. The caller exports what records() streams,
/// has the order's keys destroyed (and files the signed record), then commits.
class OrderClosing {
public:
    BatchRecords& records() { return records_; }
    /// Manuf and random orders: the supervisor's close destroys the order's keys now
    /// (the caller signs and files the record: Custody::recordDestruction). Customer
    /// orders: the custodians did, and nothing is returned.
    Outcome<std::optional<DestructionRecord>> destroyKeys();
    /// Searches the token for the order's objects: refused if any is left. Returns the
    /// labels of the order's destroyed objects.
    Outcome<QStringList> confirmDestroyed();
    /// The close transaction: the order closed, its order.close audit row and a
    /// checkpoint the station key signs over it, all or nothing.
    Done commit(const QString& exportsDirectory);

private:
    friend class Orders;
    OrderClosing(OrderLock lock, BatchRecords records)
        : lock_(std::move(lock))
        , records_(std::move(records)) {}
    OrderLock lock_;
    BatchRecords records_;
};

} // namespace kps::provisioning
