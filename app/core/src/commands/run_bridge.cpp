#include "run_bridge.hpp"

namespace kps::app {

using namespace provisioning;

namespace {
/// The slot a slot thread works for (the engine's alarm() does not name it).
thread_local int tSlot = 0;
} // namespace

void RunBridge::slotStep(int slot, SlotStep step, const QString& address) {
    tSlot = slot;
    RunOrderCommand* command = &command_;
    command_.post([command, slot, step, address] { Q_EMIT command->slotStep(slot, step, address); });
}

void RunBridge::endpointFinished(const EndpointResult& result) {
    tSlot = result.slot;
    const qint64 finished = ++finished_;
    RunOrderCommand* command = &command_;
    const qint64 target = target_;
    command_.post([command, result, finished, target] {
        Q_EMIT command->endpointFinished(result);
        Q_EMIT command->progress(finished, target, result.address);
    });
}

void RunBridge::alarm(const QString& message) {
    AlarmNotice notice{AlarmKind::Jig, command_.request().orderId, tSlot, message,
                       QDateTime::currentDateTimeUtc()};
    {
        std::lock_guard lock(mutex_);
        alarms_.push_back(notice);
    }
    RunOrderCommand* command = &command_;
    command_.post([command, notice] { Q_EMIT command->alarmRaised(notice); });
}

std::vector<AlarmNotice> RunBridge::takeAlarms() {
    std::lock_guard lock(mutex_);
    return std::exchange(alarms_, {});
}

} // namespace kps::app
