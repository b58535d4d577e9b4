#include "line_model.hpp"

namespace kps::station {

using provisioning::SlotStep;

namespace {
constexpr int kSteps = LineModel::kStepCount;
} // namespace

QString phaseName(SlotState::Phase phase) {
    switch (phase) {
    case SlotState::Phase::Idle:
        return QStringLiteral("idle");
    case SlotState::Phase::Running:
        return QStringLiteral("running");
    case SlotState::Phase::Passed:
        return QStringLiteral("pass");
    case SlotState::Phase::Failed:
        return QStringLiteral("fail");
    }
    return {};
}

void SlotState::showLastResult() {
    if (phase != Phase::Running)
        return;
    phase = lastPhase;
    step = lastPhase == Phase::Passed   ? SlotStep::Passed
           : lastPhase == Phase::Failed ? SlotStep::Failed
                                        : SlotStep::Idle;
    address = lastAddress;
    reason = lastReason;
    stepIndex = lastPhase == Phase::Idle ? 0 : kSteps;
}

LineModel::LineModel(int slotCount, QObject* parent)
    : QObject(parent)
    , slots_(std::size_t(std::max(1, slotCount))) {}

void LineModel::setSlotCount(int slotCount) {
    slots_.assign(std::size_t(std::max(1, slotCount)), {});
    for (int slot = 1; slot <= this->slotCount(); ++slot)
        Q_EMIT slotChanged(slot);
}

double LineModel::yield() const {
    const qint64 finished = verified_ + failed_;
    return finished ? double(verified_) / double(finished) : 0.0;
}

double LineModel::throughputPerHour() const {
    const qint64 ms = runningMs_ + (running_ ? runClock_.elapsed() : 0);
    return ms > 0 ? double(runVerified_) * 3600000.0 / double(ms) : 0.0;
}

int LineModel::slotHolding(const QString& address) const {
    const QString wanted = address.trimmed().toUpper();
    for (int slot = 1; slot <= slotCount(); ++slot)
        if (!wanted.isEmpty() && this->slot(slot).address.toUpper() == wanted)
            return slot;
    return 0;
}

void LineModel::follow(app::RunOrderCommand* command) {
    connect(command, &app::RunOrderCommand::orderOpened, this, &LineModel::onOrderOpened);
    connect(command, &app::RunOrderCommand::slotStep, this, &LineModel::onStep);
    connect(command, &app::RunOrderCommand::endpointFinished, this, &LineModel::onFinished);
    connect(command, &app::Command::finished, this, &LineModel::onRunEnded);
    if (command->request().slotCount != slotCount())
        setSlotCount(command->request().slotCount);
    running_ = true;
    runClock_.start();
    Q_EMIT runningChanged(true);
}

void LineModel::clear() {
    orderId_.clear();
    quantity_ = verified_ = failed_ = runVerified_ = runFailed_ = runningMs_ = 0;
    setSlotCount(slotCount());
    Q_EMIT countersChanged();
}

void LineModel::onOrderOpened(const QString& orderId, qint64 quantity, qint64 verified,
                              qint64 failed) {
    if (orderId != orderId_) {
        runVerified_ = runFailed_ = runningMs_ = 0;
        runClock_.start();
    }
    orderId_ = orderId;
    quantity_ = quantity;
    verified_ = verified;
    failed_ = failed;
    Q_EMIT countersChanged();
}

SlotState* LineModel::at(int slot) {
    if (slot < 1 || slot > slotCount())
        return nullptr;
    return &slots_[std::size_t(slot - 1)];
}

void LineModel::onStep(int slot, SlotStep step, const QString& address) {
    SlotState* state = at(slot);
    if (!state)
        return;
    if (step == SlotStep::Idle) { // the slot is done for this run; show its last result
        state->stopped = true;
        state->showLastResult();
    } else if (step != SlotStep::Passed && step != SlotStep::Failed) {
        state->phase = SlotState::Phase::Running;
        state->step = step;
        state->stepIndex = std::clamp(int(step), 1, kStepCount);
        state->stopped = false;
        state->reason.clear();
        if (step <= SlotStep::Reserving || !address.isEmpty())
            state->address = address; // a new endpoint has no address before it is reserved
    }
    Q_EMIT slotChanged(slot);
}

void LineModel::onFinished(const provisioning::EndpointResult& result) {
    SlotState* state = at(result.slot);
    if (!state)
        return;
    state->phase = result.verified ? SlotState::Phase::Passed : SlotState::Phase::Failed;
    state->step = result.verified ? SlotStep::Passed : SlotStep::Failed;
    state->stepIndex = kStepCount;
    state->address = result.address;
    state->reason = result.fault ? provisioning::faultName(*result.fault) + QStringLiteral(": ") +
                                       result.message
                                 : QString();
    state->lastPhase = state->phase;
    state->lastAddress = state->address;
    state->lastReason = state->reason;
    ++(result.verified ? state->passed : state->failed);
    // A jig that found no endpoint (probe unplugged, empty socket) fails its slot, not
    // an endpoint: the order's counters and yield count endpoints only.
    if (result.verified || !result.address.isEmpty()) {
        ++(result.verified ? verified_ : failed_);
        ++(result.verified ? runVerified_ : runFailed_);
    }
    Q_EMIT slotChanged(result.slot);
    Q_EMIT countersChanged();
}

void LineModel::onRunEnded() {
    if (!running_)
        return;
    running_ = false;
    runningMs_ += runClock_.elapsed();
    for (int slot = 1; slot <= slotCount(); ++slot) {
        slots_[std::size_t(slot - 1)].stopped = true;
        slots_[std::size_t(slot - 1)].showLastResult();
        Q_EMIT slotChanged(slot);
    }
    Q_EMIT countersChanged();
    Q_EMIT runningChanged(false);
}

} // namespace kps::station
