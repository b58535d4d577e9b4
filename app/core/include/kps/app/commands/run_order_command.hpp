#pragma once
// Running the line for an order: Station::run on the command's worker thread. The
// engine reports from its slot threads; those calls become signals on the command's
// thread (slotStep, endpointFinished, alarmRaised). cancel() is the line's pause: the
// endpoints in the sockets finish and are recorded, the order stays open, and a later
// run resumes it. Alarms (a slot stopped, the HSM or the store failing, the order's
// quantity reached) are recorded in the store when the run returns.
#include "kps/app/commands/command.hpp"
#include "kps/app/commands/metatypes.hpp"
#include "kps/provisioning/ports/endpoint_jig.hpp"

#include <memory>

namespace kps::app {

/// Makes the jigs for a run of an order (the simulated line, probes, or a test's rack).
using RackFactory = std::function<provisioning::Outcome<std::unique_ptr<provisioning::JigRack>>(
    provisioning::Station& station, const provisioning::OrderRecord& order)>;

/// The simulated line of the station's data directory (training, `--sim`).
RackFactory simulatedRack(int slotCount, quint64 seed, double faultRate);
/// CMSIS-DAP probes, slot N on the Nth serial, for the target the order's profile names.
RackFactory probeRack(const QStringList& serials);

struct RunRequest {
    provisioning::Principal by;
    QString orderId;
    int slotCount = 4;
    int count = 0; // endpoints to verify in this run; 0: until the order is complete
    RackFactory rack;
};

/// What a finished run leaves for the views.
struct RunOutcome {
    provisioning::RunSummary summary;
    std::vector<provisioning::AlarmRecord> recorded; // raised by this run
    std::vector<provisioning::AlarmRecord> open;     // every open alarm afterwards
};

class RunBridge;

class RunOrderCommand final : public Command {
    Q_OBJECT
public:
    RunOrderCommand(StationHost& host, RunRequest request, QObject* parent = nullptr);
    ~RunOrderCommand() override;

    const RunRequest& request() const { return request_; }
    const std::optional<RunOutcome>& outcome() const { return outcome_; }

Q_SIGNALS:
    /// The order as the run found it.
    void orderOpened(const QString& orderId, qint64 quantity, qint64 verified, qint64 failed);
    void slotStep(int slot, kps::provisioning::SlotStep step, const QString& address);
    void endpointFinished(const kps::provisioning::EndpointResult& result);
    /// Raised during the run (recorded, with an id, when the run returns).
    void alarmRaised(const kps::provisioning::AlarmNotice& notice);

protected:
    CommandReport work(provisioning::Station& station, const std::atomic<bool>& cancelled) override;
    void done() override { outcome_ = std::move(ran_); }

private:
    friend class RunBridge;
    RunRequest request_;
    std::unique_ptr<RunBridge> bridge_;
    std::optional<RunOutcome> ran_; // worker side
    std::optional<RunOutcome> outcome_;
};

} // namespace kps::app
