#include "kps/app/operations/orders.hpp"

namespace kps::app {

using namespace provisioning;

CommandResult<OrderRecord> addOrder(Station& station, const Principal& by,
                                    const QString& orderFile) {
    KPS_TRY_LET_MAP(record, station.orders().add(by, orderFile), fromError);
    return record;
}

CommandResult<OrderRecord> changeOrderState(Station& station, const Principal& by,
                                            const OrderId& orderId, OrderState to) {
    KPS_TRY_LET_MAP(record, station.orders().changeState(by, orderId, to), fromError);
    return record;
}

CommandResult<OrderStatus> showOrder(Station& station, const Principal& by,
                                     const OrderId& orderId) {
    KPS_TRY_LET_MAP(status, station.orders().show(by, orderId), fromError);
    return status;
}

CommandResult<StationSnapshot> loadStation(Station& station, const Principal& by) {
    KPS_TRY_LET_MAP(orders, station.orders().list(by), fromError);
    KPS_TRY_LET_MAP(alarms, station.line().openAlarms(by), fromError);
    return StationSnapshot{std::move(orders), std::move(alarms)};
}

CommandResult<EndpointHistory> endpointHistory(Station& station, const Principal& by,
                                               const EndpointAddress& address) {
    KPS_TRY_LET_MAP(history, station.line().endpointHistory(by, address), fromError);
    return history;
}

} // namespace kps::app
