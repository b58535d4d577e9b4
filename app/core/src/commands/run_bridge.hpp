#pragma once
// What a RunOrderCommand's run reports, turned into its signals. Called from slot
// threads, it queues what they report and posts one flush to the command's thread at a
// time; the flush emits every finished endpoint and alarm in order, then each slot's
// latest step. Under load the GUI thread thus handles a few events per frame, not one
// per step. Posted flushes hold the bridge, so it outlives the run if it must.
#include "kps/app/commands/run_order_command.hpp"

#include <memory>
#include <mutex>

namespace kps::app {

class RunBridge final : public RunWatcher, public std::enable_shared_from_this<RunBridge> {
public:
    RunBridge(RunOrderCommand& command, CommandWorker& worker, int slotCount)
        : command_(command)
        , worker_(worker)
        , steps_(std::size_t(std::max(1, slotCount))) {}

    void started(const provisioning::OrderRecord& order, qint64 target) override;
    void slotStep(int slot, provisioning::SlotStep step, const QString& address) override;
    void endpointFinished(const provisioning::EndpointResult& result) override;
    void alarmRaised(const provisioning::AlarmNotice& notice) override;

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
    CommandWorker& worker_; // only while the run runs
    qint64 target_ = 0;
    qint64 emitted_ = 0; // command's thread only
    std::mutex mutex_;
    bool flushPosted_ = false;
    std::vector<Step> steps_;
    std::vector<provisioning::EndpointResult> finished_;
    std::vector<provisioning::AlarmNotice> alarms_;
};

} // namespace kps::app
