// The line's reads and alarms: what an address has been through, the endpoints the
// simulated line brings back, and the alarms a supervisor acknowledges.
#include "kps/provisioning/simulated_rack.hpp"
#include "kps/provisioning/station.hpp"
#include "station_core.hpp"

namespace kps::provisioning {

Outcome<EndpointHistory> Line::endpointHistory(const Principal& by,
                                               const EndpointAddress& address) {
    KPS_TRY(station_.users().require(by, Action::ViewOrders, address.text()));
    KPS_TRY_LET(rows, core_.store->endpoints().history(address.text()));
    KPS_TRY_LET(replaced, core_.store->endpoints().keyHistory(address.text()));
    return EndpointHistory{std::move(rows), std::move(replaced)};
}

Outcome<QStringList> Line::endpointsToReturn(const OrderRecord& order,
                                             const QString& archiveDirectory) {
    return provisioning::endpointsToReturn(*core_.store, order, archiveDirectory);
}

Outcome<AlarmRecord> Line::raiseAlarm(const Principal& by, const AlarmNotice& notice) {
    return provisioning::raiseAlarm(*core_.store, by.user, notice);
}

Outcome<std::vector<AlarmRecord>> Line::openAlarms(const Principal& by) {
    KPS_TRY(station_.users().require(by, Action::ViewOrders, QStringLiteral("alarms")));
    return provisioning::openAlarms(*core_.store);
}

Outcome<AlarmRecord> Line::acknowledgeAlarm(const Principal& by, qint64 id, const QString& note) {
    KPS_TRY(
        station_.users().require(by, Action::AcknowledgeAlarm, QStringLiteral("alarm %1").arg(id)));
    return provisioning::acknowledgeAlarm(*core_.store, by.user, id, note);
}

} // namespace kps::provisioning
