#pragma once
// Running the line for an order, the same for `kps run` and the GUI's line: the jigs
// are made for the order (the simulated line, probes, or a test's rack), the engine
// runs, and every alarm the run raised (a slot stopped, the HSM or the store failing,
// the order's quantity reached) is recorded for the supervisor's panel.
#include "kps/app/outcome.hpp"
#include "kps/provisioning/ports/endpoint_jig.hpp"
#include "kps/provisioning/station.hpp"

#include <functional>
#include <memory>

namespace kps::app {

/// Makes the jigs for a run of an order.
using RackFactory = std::function<provisioning::Outcome<std::unique_ptr<provisioning::JigRack>>(
    provisioning::Station& station, const provisioning::OrderRecord& order)>;

/// The station's simulated line (training, demos, tests). Its sockets survive a crash
/// of the station (DIR/sim/sockets); a re-keying order gets the archived endpoints it
/// lists brought back, and no fresh ones.
struct SimulatedLine {
    int slots = 4;
    quint64 seed = 1;
    double faultRate = 0.0;
    QString crashAt;     // tests only: the process ends at this step ("after-write:3")
    int flashMs = 0;     // wall time of each key-store write, as a real flash page takes
    int firstSocket = 1; // the run's slot 1 uses this socket (two orders side by side)
};
RackFactory simulatedRack(const SimulatedLine& line);
/// CMSIS-DAP probes, slot N on the Nth serial, for the target the order's profile names.
RackFactory probeRack(const QStringList& serials);

struct RunRequest {
    provisioning::Principal by;
    QString orderId;
    int slotCount = 4;
    int count = 0; // endpoints to verify in this run; 0: until the order is complete
    RackFactory rack;
};

/// What a run reports as it goes. started() comes from the caller's thread before the
/// first endpoint; the others from the engine's slot threads.
class RunWatcher {
public:
    virtual ~RunWatcher() = default;
    virtual void started(const provisioning::OrderRecord& /*order*/, qint64 /*target*/) {}
    virtual void slotStep(int /*slot*/, provisioning::SlotStep /*step*/,
                          const QString& /*address*/) {}
    virtual void endpointFinished(const provisioning::EndpointResult& /*result*/) {}
    virtual void alarmRaised(const provisioning::AlarmNotice& /*notice*/) {}
};

/// How a run ended: its summary if the line ran, why it did not run or what stopped it,
/// and the alarms, recorded.
struct RunOutcome {
    std::optional<provisioning::RunSummary> summary;
    std::optional<CommandError> failure;
    std::vector<provisioning::AlarmRecord> recorded; // raised by this run
    std::vector<provisioning::AlarmRecord> open;     // every open alarm afterwards
    QStringList unrecorded; // alarms that could not be recorded, with the reason
};

/// Whether a run that returned fell short, for its exit code: Cancelled (Ctrl-C), or a
/// DeviceFailure when the line stopped because its slots stopped on alarms (those not
/// stopped ran out of endpoints); none when it did its work or ran out of endpoints.
std::optional<CommandError> runShortfall(const provisioning::RunSummary& summary, int count);

[[nodiscard]] RunOutcome runOrder(provisioning::Station& station, const RunRequest& request,
                                  RunWatcher& watcher, const std::atomic<bool>& cancel);

} // namespace kps::app
