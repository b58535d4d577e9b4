#pragma once
// The engine's RunObserver for a RunOrderCommand: called from slot threads, it posts
// every call to the command's thread as a signal, and keeps the alarms for recording.
#include "kps/app/commands/run_order_command.hpp"

#include <mutex>

namespace kps::app {

class RunBridge final : public provisioning::RunObserver {
public:
    RunBridge(RunOrderCommand& command, qint64 target)
        : command_(command)
        , target_(target) {}

    void slotStep(int slot, provisioning::SlotStep step, const QString& address) override;
    void endpointFinished(const provisioning::EndpointResult& result) override;
    void alarm(const QString& message) override;

    std::vector<provisioning::AlarmNotice> takeAlarms();

private:
    RunOrderCommand& command_;
    qint64 target_;
    std::atomic<qint64> finished_{0};
    std::mutex mutex_;
    std::vector<provisioning::AlarmNotice> alarms_;
};

} // namespace kps::app
