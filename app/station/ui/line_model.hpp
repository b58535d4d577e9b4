#pragma once
// The line as the operator sees it, fed by a RunOrderCommand's signals: one state per
// slot (idle, running a step, PASS, FAIL with the reason), the order's counters, yield
// and throughput. Plain data, so tests can read exactly what the tiles draw.
#include "kps/app/commands/run_order_command.hpp"

#include <QElapsedTimer>
#include <QObject>

namespace kps::station {

struct SlotState {
    enum class Phase { Idle, Running, Passed, Failed };
    Phase phase = Phase::Idle;
    provisioning::SlotStep step = provisioning::SlotStep::Idle;
    int stepIndex = 0;    // 0..stepCount while running
    QString address;      // the endpoint in the socket (or the last one)
    QString reason;       // why it failed
    bool stopped = false; // the slot stopped (end of run, or an alarm)
    int passed = 0, failed = 0;
    // The last finished endpoint: shown again when a step leads to no endpoint (the
    // order's quantity was reached while the slot was attaching the next one).
    Phase lastPhase = Phase::Idle;
    QString lastAddress, lastReason;

    void showLastResult();
};

QString phaseName(SlotState::Phase phase); // "idle", "running", "pass", "fail"

class LineModel : public QObject {
    Q_OBJECT
public:
    static constexpr int kStepCount = int(provisioning::SlotStep::Locking); // attaching .. locking
    explicit LineModel(int slotCount, QObject* parent = nullptr);

    int slotCount() const { return int(slots_.size()); }
    const SlotState& slot(int slot) const { return slots_.at(std::size_t(slot - 1)); }
    void setSlotCount(int slotCount);

    const QString& orderId() const { return orderId_; }
    qint64 quantity() const { return quantity_; }
    qint64 verified() const { return verified_; } // the order's, all runs
    qint64 failed() const { return failed_; }
    qint64 runVerified() const { return runVerified_; }
    qint64 runFailed() const { return runFailed_; }
    bool running() const { return running_; }
    /// Verified share of the order's finished endpoints (0..1).
    double yield() const;
    /// Verified endpoints per hour of running time (this session's runs).
    double throughputPerHour() const;
    /// The slot whose socket holds (or last held) the endpoint with this address; 0: none.
    int slotHolding(const QString& address) const;

public Q_SLOTS:
    void follow(kps::app::RunOrderCommand* command);
    void clear();

Q_SIGNALS:
    void slotChanged(int slot);
    void countersChanged();
    void runningChanged(bool running);

private:
    void onOrderOpened(const QString& orderId, qint64 quantity, qint64 verified, qint64 failed);
    void onStep(int slot, provisioning::SlotStep step, const QString& address);
    void onFinished(const provisioning::EndpointResult& result);
    void onRunEnded();
    SlotState* at(int slot);

    std::vector<SlotState> slots_;
    QString orderId_;
    qint64 quantity_ = 0, verified_ = 0, failed_ = 0, runVerified_ = 0, runFailed_ = 0;
    bool running_ = false;
    QElapsedTimer runClock_;
    qint64 runningMs_ = 0; // finished runs
};

} // namespace kps::station
