#pragma once
// Running the line for an order (operations/run.hpp) on the command's worker thread.
// The engine reports from its slot threads; those calls become signals on the command's
// thread (slotStep, endpointFinished, alarmRaised). cancel() is the line's pause: the
// endpoints in the sockets finish and are recorded, the order stays open, and a later
// run resumes it. The run's alarms are recorded in the store when it returns.
#include "kps/app/commands/command.hpp"
#include "kps/app/commands/metatypes.hpp"
#include "kps/app/operations/run.hpp"

namespace kps::app {

class RunOrderCommand final : public Command {
    Q_OBJECT
public:
    RunOrderCommand(StationHost& host, RunRequest request, QObject* parent = nullptr);

    const RunRequest& request() const { return request_; }
    const RunOutcome* outcome() const { return resultAs<RunOutcome>(); }

Q_SIGNALS:
    /// The order as the run found it.
    void orderOpened(const QString& orderId, qint64 quantity, qint64 verified, qint64 failed);
    void slotStep(int slot, kps::provisioning::SlotStep step, const QString& address);
    void endpointFinished(const kps::provisioning::EndpointResult& result);
    /// Raised during the run (recorded, with an id, when the run returns).
    void alarmRaised(const kps::provisioning::AlarmNotice& notice);

private:
    RunRequest request_;
};

} // namespace kps::app
