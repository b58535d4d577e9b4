#include "run_bridge.hpp"

namespace kps::app {

using namespace provisioning;

void RunBridge::started(const OrderRecord& order, qint64 target) {
    target_ = target;
    RunOrderCommand* command = &command_;
    worker_.post([command, orderId = order.order.id, quantity = qint64(order.order.quantity),
                  verified = qint64(order.verified), failed = qint64(order.failed), target] {
        Q_EMIT command->orderOpened(orderId, quantity, verified, failed);
        Q_EMIT command->progress(0, target, {});
    });
}

void RunBridge::slotStep(int slot, SlotStep step, const QString& address) {
    std::lock_guard lock(mutex_);
    if (slot < 1 || slot > int(steps_.size()))
        return;
    steps_[std::size_t(slot - 1)] = {true, step, address};
    requestFlush();
}

void RunBridge::endpointFinished(const EndpointResult& result) {
    std::lock_guard lock(mutex_);
    finished_.push_back(result);
    requestFlush();
}

void RunBridge::alarmRaised(const AlarmNotice& notice) {
    std::lock_guard lock(mutex_);
    alarms_.push_back(notice);
    requestFlush();
}

void RunBridge::requestFlush() {
    if (std::exchange(flushPosted_, true))
        return;
    worker_.post([self = shared_from_this()] { self->flush(); });
}

RunBridge::Batch RunBridge::take() {
    std::lock_guard lock(mutex_);
    flushPosted_ = false;
    Batch batch{std::exchange(finished_, {}), std::exchange(alarms_, {}), {}};
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
