#pragma once
// The store's orders and the check values of the masters it knows (store_orders.cpp).
#include "kps/provisioning/records.hpp"

namespace kps::provisioning {

class Store;

class StoreOrders {
public:
    explicit StoreOrders(Store& store)
        : store_(store) {}
    Done insert(const OrderRecord& record);
    Outcome<std::optional<OrderRecord>> find(const QString& id);
    Outcome<QStringList> ids();
    Done setState(const QString& id, OrderState state, const QDateTime& at);

    /// The profile pinned to an order at `order add` (none for orders added before).
    struct PinnedProfile {
        QString name;
        QString path; // where it was read: its folder holds the firmware image
        QString sha256;
        QByteArray document;
    };
    Done pinProfile(const QString& orderId, const PinnedProfile& pinned);
    Outcome<std::optional<PinnedProfile>> pinnedProfile(const QString& orderId);

    /// Masters known to the station, by check value only (empty order: the station's own).
    Done recordMaster(const QString& orderId, const QString& name, const QString& label,
                      const QString& kcv, const QDateTime& at);
    Outcome<std::vector<std::pair<QString, QString>>> masters(const QString& orderId);
    /// The KCV recorded for the master with this token label.
    Outcome<std::optional<QString>> masterKcv(const QString& label);

private:
    Store& store_;
};

} // namespace kps::provisioning
