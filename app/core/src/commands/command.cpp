#include "kps/app/commands/command.hpp"

#include <QMetaObject>
#include <QThread>

namespace kps::app {

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

Command::~Command() { stopAndWait(); }

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

void Command::cancel() { cancel_ = true; }

void Command::post(std::function<void()> call) {
    QMetaObject::invokeMethod(this, std::move(call), Qt::QueuedConnection);
}

void Command::postProgress(qint64 done, qint64 total, const QString& step) {
    post([this, done, total, step] { Q_EMIT progress(done, total, step); });
}

void Command::runWorker() {
    CommandReport report;
    {
        auto lease = host_.acquire(cancel_, [this] {
            post([this] {
                Q_EMIT waiting(tr("The line is running: waiting until it pauses"));
            });
        });
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
