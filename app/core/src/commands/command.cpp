#include "kps/app/commands/command.hpp"

#include <QMetaObject>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace kps::app {

namespace {

/// Nice value of the commands' worker threads and of the threads they start (a line
/// run's slot threads and store writer inherit it): the event loop, at the process's
/// own priority, gets the CPU first when the machine is busy.
constexpr int kWorkerNice = 5;

void lowerThisThreadsPriority() {
#ifdef __linux__
    const auto thread = id_t(syscall(SYS_gettid));
    const int current = getpriority(PRIO_PROCESS, thread);
    setpriority(PRIO_PROCESS, thread, std::max(current, kWorkerNice));
#endif
}

} // namespace

CommandReport CommandReport::success(QString overview, QString details) {
    return {Status::Succeeded, std::move(overview), std::move(details), std::nullopt};
}

CommandReport CommandReport::failure(const CommandError& error, QString overview) {
    return {Status::Failed, std::move(overview), error.message, error};
}

CommandReport CommandReport::cancelled(QString overview) {
    return {Status::Cancelled, std::move(overview), {}, std::nullopt};
}

StationHost::Lease StationHost::acquire(const std::atomic<bool>& cancel,
                                        const std::function<void()>& waiting) {
    std::unique_lock lock(gate_, std::try_to_lock);
    if (!lock.owns_lock() && waiting)
        waiting();
    while (!lock.owns_lock()) {
        if (cancel)
            return {};
        lock = std::unique_lock(gate_, std::chrono::milliseconds(50));
    }
    return Lease(*this, std::move(lock));
}

Command::Command(StationHost& host, QObject* parent)
    : QObject(parent)
    , host_(host) {}

Command::~Command() {
    stopAndWait();
}

void Command::stopAndWait() {
    cancel_ = true;
    if (worker_.joinable())
        worker_.join();
}

void Command::start() {
    if (running_)
        return;
    if (worker_.joinable())
        worker_.join(); // the previous run has posted its end already
    running_ = true;
    cancel_ = false;
    Q_EMIT started();
    worker_ = std::thread([this] { runWorker(); });
}

void Command::cancel() {
    cancel_ = true;
}

void Command::post(std::function<void()> call) {
    QMetaObject::invokeMethod(this, std::move(call), Qt::QueuedConnection);
}

void Command::postProgress(qint64 done, qint64 total, const QString& step) {
    post([this, done, total, step] { Q_EMIT progress(done, total, step); });
}

void Command::runWorker() {
    lowerThisThreadsPriority();
    CommandReport report;
    {
        bool waited = false;
        auto lease = host_.acquire(cancel_, [this, &waited] {
            waited = true;
            post([this] {
                Q_EMIT waiting(tr("The station is busy (a running line holds it until it "
                                  "pauses): waiting"));
            });
        });
        if (waited && lease)
            post([this] { Q_EMIT waiting({}); });
        report = lease ? work(lease.station(), cancel_)
                       : CommandReport::cancelled(tr("Cancelled before it started"));
    }
    post([this, report = std::move(report)] {
        report_ = report;
        running_ = false;
        done();
        Q_EMIT finished(report_);
    });
}

} // namespace kps::app
