#pragma once
// Progress of a line run on the terminal (only when stderr is a TTY), and Ctrl-C
// as a safe cancel: the run stops after the endpoints in progress are recorded.
#include "kps/app/operations/progress.hpp"
#include "kps/app/operations/run.hpp"

#include <atomic>
#include <condition_variable>
#include <thread>

namespace kps::cli {

class ProgressPrinter final : public app::RunWatcher {
public:
    explicit ProgressPrinter(bool enabled);
    ~ProgressPrinter() override;

    void started(const provisioning::OrderRecord& order, qint64 target) override;
    void endpointFinished(const provisioning::EndpointResult& result) override;
    void alarmRaised(const provisioning::AlarmNotice& notice) override;

private:
    void draw();
    std::atomic<qint64> target_{0};
    bool enabled_;
    std::atomic<int> verified_{0};
    std::atomic<int> failed_{0};
    std::atomic<bool> done_{false};
    std::mutex mutex_;
    std::condition_variable wake_;
    std::thread thread_;
    qint64 startedMs_;
};

/// A flag set by SIGINT/SIGTERM while installed.
const std::atomic<bool>& installCancelOnSignal();

/// Progress of a close or report on the terminal ("customer-listing 120000/1000000",
/// when stderr is a TTY), with Ctrl-C as a safe cancel.
app::Progress terminalProgress(bool enabled);

} // namespace kps::cli
