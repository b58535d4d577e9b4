#include "kps/provisioning/line_run.hpp"

#include "endpoint_job.hpp"

#include <QElapsedTimer>
#include <thread>

namespace kps::provisioning {

QString slotStepName(SlotStep step) {
    switch (step) {
    case SlotStep::Idle:
        return QStringLiteral("idle");
    case SlotStep::Attaching:
        return QStringLiteral("attaching");
    case SlotStep::Recovering:
        return QStringLiteral("recovering");
    case SlotStep::Reserving:
        return QStringLiteral("reserving");
    case SlotStep::MakingKeys:
        return QStringLiteral("making keys");
    case SlotStep::Recording:
        return QStringLiteral("recording");
    case SlotStep::Programming:
        return QStringLiteral("programming");
    case SlotStep::Writing:
        return QStringLiteral("writing");
    case SlotStep::Verifying:
        return QStringLiteral("verifying");
    case SlotStep::Locking:
        return QStringLiteral("locking");
    case SlotStep::Passed:
        return QStringLiteral("PASS");
    case SlotStep::Failed:
        return QStringLiteral("FAIL");
    }
    return {};
}

LineRun::LineRun(KeyVault& vault, JigRack& rack, StoreWriter& writer, OrderRecord order,
                 KeyPlan plan, RunOptions options)
    : vault_(vault)
    , rack_(rack)
    , writer_(writer)
    , order_(std::move(order))
    , plan_(std::move(plan))
    , options_(std::move(options)) {
    tickets_ = options_.count > 0 ? options_.count : std::numeric_limits<int>::max();
}

bool LineRun::claimTicket() {
    int available = tickets_.load();
    while (available > 0)
        if (tickets_.compare_exchange_weak(available, available - 1))
            return true;
    return false;
}

void LineRun::stopWith(const Error& error) {
    std::lock_guard lock(errorMutex_);
    if (!stoppedBy_)
        stoppedBy_ = error;
    stop_ = true;
}

RunSummary LineRun::run(RunObserver& observer, const std::atomic<bool>& cancel) {
    QElapsedTimer clock;
    clock.start();
    std::vector<std::thread> workers;
    for (int slot = 1; slot <= options_.slotCount; ++slot)
        workers.emplace_back([this, slot, &observer, &cancel] { runSlot(slot, observer, cancel); });
    for (auto& thread : workers)
        thread.join();
    RunSummary summary;
    summary.verified = verified_;
    summary.failed = failed_;
    summary.recovered = recovered_;
    summary.interrupted = interrupted_;
    summary.retries = retries_;
    summary.cancelled = cancel.load();
    summary.orderComplete = complete_;
    summary.slots = options_.slotCount;
    summary.slotsStopped = slotsStopped_;
    summary.slotsEmpty = slotsEmpty_;
    summary.elapsedMs = clock.elapsed();
    summary.stoppedBy = stoppedBy_;
    return summary;
}

void LineRun::runSlot(int slot, RunObserver& observer, const std::atomic<bool>& cancel) {
    auto session = vault_.openSession(kekLabelsFor(order_.order.id));
    auto jig = rack_.jigForSlot(slot);
    if (!session || !jig)
        return stopWith(session ? jig.error() : session.error());
    Streak streak;
    bool first = true;
    while (!cancel && !stop_ && claimTicket()) {
        ++inFlight_;
        JobContext context{order_,
                           plan_,
                           **session,
                           **jig,
                           writer_,
                           observer,
                           slot,
                           options_.actor,
                           options_.retry,
                           first,
                           options_.firmware.get()};
        JobResult result = provisionOneEndpoint(context);
        first = false;
        --inFlight_;
        retries_ += result.retries;
        interrupted_ += result.interrupted;
        recovered_ += result.recovered && result.end == JobEnd::Verified ? 1 : 0;
        if (!countOutcome(slot, result, streak, observer))
            return;
    }
    observer.slotStep(slot, SlotStep::Idle, {});
}

/// Counts one job's end; false when the slot must stop.
bool LineRun::countOutcome(int slot, const JobResult& result, Streak& streak,
                           RunObserver& observer) {
    if (!result.emptySocket)
        streak.empty = 0;
    switch (result.end) {
    case JobEnd::Verified:
        ++verified_;
        streak.failures = 0;
        return true;
    case JobEnd::Fatal:
        ++tickets_;
        stopWith(*result.error);
        return false;
    case JobEnd::Released: // done before: counts like a failure until the socket changes
        break;
    case JobEnd::QuotaReached:
        ++tickets_;
        if (inFlight_ == 0) { // nothing left that could fail and free a place
            complete_ = true;
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        return true;
    case JobEnd::NoEndpoint:
        if (!result.emptySocket)
            break;
        ++tickets_; // an empty socket is no failure: the line ran out of endpoints
        if (++streak.empty < options_.maxConsecutiveFailures)
            return true;
        ++slotsEmpty_;
        observer.slotStep(slot, SlotStep::Idle, {});
        return false;
    case JobEnd::Failed:
        break;
    }
    ++tickets_; // the ticket was not used up
    if (result.end == JobEnd::Failed)
        ++failed_;
    if (++streak.failures < options_.maxConsecutiveFailures)
        return true;
    ++slotsStopped_;
    observer.alarm(QStringLiteral("slot %1 stopped: %2 endpoints in a row could not be "
                                  "provisioned: check the jig and the endpoint in its socket")
                       .arg(slot)
                       .arg(streak.failures));
    return false;
}

} // namespace kps::provisioning
