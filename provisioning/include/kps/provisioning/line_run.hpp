#pragma once
// Running the line for one order: N slots in parallel, each with its own jig and
// HSM session, all results funnelled through one store writer. Progress goes to an
// observer (called from slot threads); cancel is honoured between steps, and an
// endpoint in progress always ends in a recorded state.
#include "kps/provisioning/key_plan.hpp"
#include "kps/provisioning/ports/endpoint_jig.hpp"
#include "kps/provisioning/ports/key_vault.hpp"
#include "kps/provisioning/records.hpp"
#include "kps/provisioning/store_writer.hpp"

#include <atomic>
#include <functional>

namespace kps::provisioning {

enum class SlotStep {
    Idle,
    Attaching,
    Reserving,
    MakingKeys,
    Recording,
    Writing,
    Verifying,
    Locking,
    Passed,
    Failed
};
QString slotStepName(SlotStep step);

struct EndpointResult {
    int slot = 0;
    QString address;
    bool verified = false;
    QString fault;   // stable reason when failed
    QString message; // words for the operator
    qint64 cycleMs = 0;
};

class RunObserver {
public:
    virtual ~RunObserver() = default;
    virtual void slotStep(int /*slot*/, SlotStep /*step*/, const QString& /*address*/) {}
    virtual void endpointFinished(const EndpointResult& /*result*/) {}
    virtual void alarm(const QString& /*message*/) {}
};

struct RunOptions {
    int slotCount = 4;
    int count = 0; // endpoints to verify in this run; 0: until the order is complete
    int maxConsecutiveFailures = 5; // per slot, then the slot stops with an alarm
    QString actor;                  // who runs the line (audit); set by Station::run
};

struct RunSummary {
    int verified = 0;
    int failed = 0;
    bool cancelled = false;
    bool orderComplete = false;
    qint64 elapsedMs = 0;
    std::optional<Error> stoppedBy;
};

class LineRun {
public:
    LineRun(KeyVault& vault, JigRack& rack, StoreWriter& writer, OrderRecord order, KeyPlan plan,
            RunOptions options);
    RunSummary run(RunObserver& observer, const std::atomic<bool>& cancel);

private:
    void runSlot(int slot, RunObserver& observer, const std::atomic<bool>& cancel);
    bool claimTicket();
    void stopWith(const Error& error);

    KeyVault& vault_;
    JigRack& rack_;
    StoreWriter& writer_;
    OrderRecord order_;
    KeyPlan plan_;
    RunOptions options_;
    std::atomic<int> tickets_{0};
    std::atomic<int> inFlight_{0};
    std::atomic<int> verified_{0};
    std::atomic<int> failed_{0};
    std::atomic<bool> stop_{false};
    std::atomic<bool> complete_{false};
    std::mutex errorMutex_;
    std::optional<Error> stoppedBy_;
};

} // namespace kps::provisioning
