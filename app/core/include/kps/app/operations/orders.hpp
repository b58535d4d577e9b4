#pragma once
// Orders and what the views show of the station: register an order file, start or
// hold an order, one order's state, the orders and open alarms, one address's history.
#include "kps/app/outcome.hpp"
#include "kps/provisioning/station.hpp"

namespace kps::app {

CommandResult<provisioning::OrderRecord> addOrder(provisioning::Station& station,
                                                  const provisioning::Principal& by,
                                                  const QString& orderFile);
/// A supervisor starts (open -> running) or holds (running -> open) an order.
CommandResult<provisioning::OrderRecord> changeOrderState(provisioning::Station& station,
                                                          const provisioning::Principal& by,
                                                          const provisioning::OrderId& orderId,
                                                          provisioning::OrderState to);
CommandResult<provisioning::OrderStatus> showOrder(provisioning::Station& station,
                                                   const provisioning::Principal& by,
                                                   const provisioning::OrderId& orderId);

/// Orders and open alarms, as a role allowed to view orders sees them.
struct StationSnapshot {
    std::vector<provisioning::OrderRecord> orders;
    std::vector<provisioning::AlarmRecord> openAlarms;
};
CommandResult<StationSnapshot> loadStation(provisioning::Station& station,
                                           const provisioning::Principal& by);

CommandResult<provisioning::EndpointHistory>
endpointHistory(provisioning::Station& station, const provisioning::Principal& by,
                const provisioning::EndpointAddress& address);

} // namespace kps::app
