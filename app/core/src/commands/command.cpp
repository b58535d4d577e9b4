#include "kps/app/commands/command.hpp"

#include <QCoreApplication>
#include <QMetaObject>
#include <QThread>
#include <condition_variable>
#include <deque>
#include <mutex>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace kps::app {

/// What a command shares with its worker thread (and with the drawings it posts to the
/// GUI thread, which may run after the command died).
struct CommandShared {
    std::atomic<bool> cancel{false};
    std::mutex mutex;
    std::condition_variable changed;
    struct Drawing {
        const std::function<void()>* draw;
        bool* done;
    };
    std::deque<Drawing> drawings; // asked for by the worker, which waits for each
    bool workerDone = false;

    /// On the GUI thread: makes every drawing the worker waits for.
    void serveDrawings() {
        std::unique_lock lock(mutex);
        while (!drawings.empty()) {
            const Drawing drawing = drawings.front();
            drawings.pop_front();
            lock.unlock();
            (*drawing.draw)();
            lock.lock();
            *drawing.done = true;
            changed.notify_all();
        }
    }
};

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

bool onGuiThreadNow() {
    const auto* application = QCoreApplication::instance();
    return !application || QThread::currentThread() == application->thread();
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

const std::atomic<bool>& CommandWorker::cancelled() const {
    return command_.shared_->cancel;
}

void CommandWorker::post(std::function<void()> call) {
    QMetaObject::invokeMethod(&command_, std::move(call), Qt::QueuedConnection);
}

void CommandWorker::progress(qint64 done, qint64 total, const QString& step) {
    Command* command = &command_;
    post([command, done, total, step] { Q_EMIT command->progress(done, total, step); });
}

void CommandWorker::onGuiThread(const std::function<void()>& drawing) {
    if (onGuiThreadNow()) {
        drawing();
        return;
    }
    std::shared_ptr<CommandShared> shared = command_.shared_;
    bool done = false;
    {
        std::lock_guard lock(shared->mutex);
        shared->drawings.push_back({&drawing, &done});
    }
    shared->changed.notify_all(); // a command being destroyed serves it itself
    QMetaObject::invokeMethod(
        QCoreApplication::instance(), [shared] { shared->serveDrawings(); }, Qt::QueuedConnection);
    std::unique_lock lock(shared->mutex);
    shared->changed.wait(lock, [&] { return done; });
}

Progress CommandWorker::operationProgress() {
    Progress progress;
    progress.onStep = [this](const QString& step, qint64 done, qint64 total) {
        this->progress(done, total, step);
    };
    progress.cancel = &cancelled();
    progress.onGuiThread = [this](const std::function<void()>& drawing) {
        onGuiThread(drawing);
    };
    return progress;
}

Command::Command(StationHost& host, Work work, QObject* parent)
    : QObject(parent)
    , host_(host)
    , work_(std::move(work))
    , shared_(std::make_shared<CommandShared>()) {}

Command::~Command() {
    stopAndWait();
}

void Command::stopAndWait() {
    shared_->cancel = true;
    if (!worker_.joinable())
        return;
    if (onGuiThreadNow()) { // the worker may wait for a drawing only this thread makes
        std::unique_lock lock(shared_->mutex);
        while (!shared_->workerDone) {
            if (!shared_->drawings.empty()) {
                lock.unlock();
                shared_->serveDrawings();
                lock.lock();
                continue;
            }
            shared_->changed.wait(lock);
        }
    }
    worker_.join();
}

void Command::start() {
    if (running_)
        return;
    if (worker_.joinable())
        worker_.join(); // the previous run has posted its end already
    running_ = true;
    shared_->cancel = false;
    shared_->workerDone = false;
    Q_EMIT started();
    worker_ = std::thread([this] { runWorker(); });
}

void Command::cancel() {
    shared_->cancel = true;
}

void Command::runWorker() {
    lowerThisThreadsPriority();
    CommandWorker worker(*this);
    CommandReport report;
    {
        bool waited = false;
        auto lease = host_.acquire(shared_->cancel, [&] {
            waited = true;
            worker.post([this] {
                Q_EMIT waiting(tr("The station is busy (a running line holds it until it "
                                  "pauses): waiting"));
            });
        });
        if (waited && lease)
            worker.post([this] { Q_EMIT waiting({}); });
        report = lease ? work_(lease.station(), worker)
                       : CommandReport::cancelled(tr("Cancelled before it started"));
    }
    worker.post([this, report = std::move(report), result = std::move(worker.result_)] {
        report_ = report;
        result_ = result;
        running_ = false;
        Q_EMIT finished(report_);
    });
    {
        std::lock_guard lock(shared_->mutex);
        shared_->workerDone = true;
    }
    shared_->changed.notify_all();
}

} // namespace kps::app
