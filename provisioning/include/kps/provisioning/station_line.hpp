#pragma once
// The station's line: running an order, what an address has been through, the
// simulated line's returned endpoints, and the line's alarms (station_run.cpp,
// station_line.cpp).
#include "kps/provisioning/address.hpp"
#include "kps/provisioning/alarms.hpp"
#include "kps/provisioning/line_run.hpp"
#include "kps/provisioning/order_id.hpp"

#include <QStringList>

namespace kps::provisioning {

class Station;
class StationCore;

/// Every row an address has had (production, then re-keying orders), oldest first, and
/// the check values of the keys re-keying replaced.
struct EndpointHistory {
    std::vector<EndpointRow> rows;
    std::vector<KeyHistoryRow> replacedKeys;
};

class Line {
public:
    Line(Station& station, StationCore& core)
        : station_(station)
        , core_(core) {}

    /// Runs the line for a running order (a supervisor may run an open one: that starts
    /// it). Recovers what an interrupted run left in progress first (line_run.hpp).
    Outcome<RunSummary> run(const Principal& by, const OrderId& orderId, const RunOptions& options,
                            JigRack& rack, RunObserver& observer, const std::atomic<bool>& cancel);
    /// For a role allowed to view orders.
    Outcome<EndpointHistory> endpointHistory(const Principal& by, const EndpointAddress& address);
    /// For a re-keying order on the simulated line: the archived endpoints (by unique
    /// ID) whose address the order lists and which have no finished row in it yet.
    Outcome<QStringList> endpointsToReturn(const OrderRecord& order,
                                           const QString& archiveDirectory);

    /// Records an alarm and its audit row in one transaction.
    Outcome<AlarmRecord> raiseAlarm(const Principal& by, const AlarmNotice& notice);
    /// Alarms not yet acknowledged, oldest first, for a role allowed to view orders.
    Outcome<std::vector<AlarmRecord>> openAlarms(const Principal& by);
    /// Acknowledges an open alarm. Refused (and audited) unless the principal's role may
    /// acknowledge alarms; refused if the alarm is unknown or acknowledged already.
    Outcome<AlarmRecord> acknowledgeAlarm(const Principal& by, qint64 id, const QString& note);

private:
    Station& station_;
    StationCore& core_;
};

} // namespace kps::provisioning
