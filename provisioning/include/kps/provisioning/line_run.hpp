#pragma once
// Running the line for one order: N slots in parallel, each with its own jig and
// HSM session, all results funnelled through one store writer (group commit). Progress
// goes to an observer (called from slot threads); cancel is honoured between endpoints,
// and an endpoint in progress always ends in a recorded state.
//
// Recovery is part of every run: the endpoint a slot finds in its socket is claimed by
// its unique ID, so one left 'reserved' or 'injecting' by a crash is resumed with the
// same address and keys (re-verified, rewritten if need be); rows of a slot whose
// endpoint left the socket become failed('interrupted').
#include "kps/provisioning/key_plan.hpp"
#include "kps/provisioning/ports/endpoint_jig.hpp"
#include "kps/provisioning/ports/key_vault.hpp"
#include "kps/provisioning/records.hpp"
#include "kps/provisioning/retry_policy.hpp"
#include "kps/provisioning/store_writer.hpp"

#include <atomic>
#include <functional>
#include <memory>

namespace kps::provisioning {

enum class SlotStep {
    Idle,
    Attaching,
    Recovering, // re-verifying an endpoint a crash left in progress
    Reserving,
    MakingKeys,
    Recording,
    Programming, // the profile's firmware image, before the key store
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
    std::optional<Fault> fault; // why it failed (none when verified)
    QString message;            // words for the operator
    qint64 cycleMs = 0;
    int attempts = 0;       // writes tried (1 without retries)
    bool recovered = false; // it was left in progress by an interrupted run
};

class RunObserver {
public:
    virtual ~RunObserver() = default;
    virtual void slotStep(int /*slot*/, SlotStep /*step*/, const QString& /*address*/) {}
    virtual void endpointFinished(const EndpointResult& /*result*/) {}
    virtual void alarm(const QString& /*message*/) {}
};

struct Firmware;

struct RunOptions {
    int slotCount = 4;
    int count = 0; // endpoints to verify in this run; 0: until the order is complete
    int maxConsecutiveFailures = 5; // per slot, then the slot stops with an alarm
    // (an empty socket as many times in a row ends the slot without one: nothing is wrong)
    QString actor; // who runs the line (audit); set by Line::run
    RetryPolicy retry;
    /// The profile's firmware image (set by Station::run); none: keys only.
    std::shared_ptr<const Firmware> firmware;
};

struct RunSummary {
    int verified = 0;
    int failed = 0;
    int recovered = 0;   // endpoints a crash had left in progress, finished now
    int interrupted = 0; // rows failed because their endpoint left the socket
    int retries = 0;     // extra attempts after jig faults
    bool cancelled = false;
    bool orderComplete = false;
    int slots = 0;        // slots the run started
    int slotsStopped = 0; // slots stopped on an alarm (failures in a row)
    int slotsEmpty = 0;   // slots whose socket stayed empty (no endpoint left to take)
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
    struct Streak {
        int failures = 0; // endpoints in a row that could not be provisioned
        int empty = 0;    // attaches in a row that found the socket empty
    };
    bool countOutcome(int slot, const struct JobResult& result, Streak& streak,
                      RunObserver& observer);
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
    std::atomic<int> recovered_{0};
    std::atomic<int> interrupted_{0};
    std::atomic<int> retries_{0};
    std::atomic<int> slotsStopped_{0};
    std::atomic<int> slotsEmpty_{0};
    std::atomic<bool> stop_{false};
    std::atomic<bool> complete_{false};
    std::mutex errorMutex_;
    std::optional<Error> stoppedBy_;
};

} // namespace kps::provisioning
