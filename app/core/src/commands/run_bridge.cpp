#include "run_bridge.hpp"

namespace kps::app {

using namespace provisioning;

namespace {
/// The slot a slot thread works for (the engine's alarm() does not name it).
thread_local int tSlot = 0;
} // namespace

void RunBridge::slotStep(int slot, SlotStep step, const QString& address) {
    tSlot = slot;
    std::lock_guard lock(mutex_);
    if (slot < 1 || slot > int(steps_.size()))
        return;
    steps_[std::size_t(slot - 1)] = {true, step, address};
    requestFlush();
}

void RunBridge::endpointFinished(const EndpointResult& result) {
    tSlot = result.slot;
    std::lock_guard lock(mutex_);
    finished_.push_back(result);
    requestFlush();
}

void RunBridge::alarm(const QString& message) {
    const AlarmNotice notice{AlarmKind::Jig, command_.request().orderId, tSlot, message,
                             QDateTime::currentDateTimeUtc()};
    std::lock_guard lock(mutex_);
    newAlarms_.push_back(notice);
    allAlarms_.push_back(notice);
    requestFlush();
}

std::vector<AlarmNotice> RunBridge::alarms() {
    std::lock_guard lock(mutex_);
    return allAlarms_;
}

void RunBridge::requestFlush() {
    if (std::exchange(flushPosted_, true))
        return;
    command_.post([this] { flush(); });
}

RunBridge::Batch RunBridge::take() {
    std::lock_guard lock(mutex_);
    flushPosted_ = false;
    Batch batch{std::exchange(finished_, {}), std::exchange(newAlarms_, {}), {}};
    for (std::size_t index = 0; index < steps_.size(); ++index)
        if (std::exchange(steps_[index].changed, false))
            batch.steps.emplace_back(int(index) + 1, steps_[index]);
    return batch;
}

void RunBridge::flush() {
    const Batch batch = take();
    for (const EndpointResult& result : batch.finished) {
        Q_EMIT command_.endpointFinished(result);
        emitted_ += result.verified ? 1 : 0; // progress: verified of the run's target
        Q_EMIT command_.progress(emitted_, target_, result.address);
    }
    for (const AlarmNotice& notice : batch.alarms)
        Q_EMIT command_.alarmRaised(notice);
    for (const auto& [slot, step] : batch.steps)
        Q_EMIT command_.slotStep(slot, step.step, step.address);
}

} // namespace kps::app
