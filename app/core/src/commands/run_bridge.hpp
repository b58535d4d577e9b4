#pragma once
// The engine's RunObserver for a RunOrderCommand. Called from slot threads, it queues
// what they report and posts one flush to the command's thread at a time; the flush
// emits every finished endpoint and alarm in order, then each slot's latest step. Under
// load the GUI thread thus handles a few events per frame, not one per step.
#include "kps/app/commands/run_order_command.hpp"

#include <mutex>

namespace kps::app {

class RunBridge final : public provisioning::RunObserver {
public:
    RunBridge(RunOrderCommand& command, qint64 target, int slotCount)
        : command_(command)
        , target_(target)
        , steps_(std::size_t(std::max(1, slotCount))) {}

    void slotStep(int slot, provisioning::SlotStep step, const QString& address) override;
    void endpointFinished(const provisioning::EndpointResult& result) override;
    void alarm(const QString& message) override;

    /// Every alarm reported so far (for recording when the run returns).
    std::vector<provisioning::AlarmNotice> alarms();

private:
    struct Step {
        bool changed = false;
        provisioning::SlotStep step = provisioning::SlotStep::Idle;
        QString address;
    };
    struct Batch {
        std::vector<provisioning::EndpointResult> finished;
        std::vector<provisioning::AlarmNotice> alarms;
        std::vector<std::pair<int, Step>> steps;
    };
    void requestFlush(); // with mutex_ held
    Batch take();
    void flush(); // on the command's thread

    RunOrderCommand& command_;
    qint64 target_;
    qint64 emitted_ = 0; // command's thread only
    std::mutex mutex_;
    bool flushPosted_ = false;
    std::vector<Step> steps_;
    std::vector<provisioning::EndpointResult> finished_;
    std::vector<provisioning::AlarmNotice> newAlarms_;
    std::vector<provisioning::AlarmNotice> allAlarms_;
};

} // namespace kps::app
