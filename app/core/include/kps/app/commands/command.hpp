#pragma once
// Command objects: what the GUI starts, watches and cancels (the shape of KDE
// Kleopatra's commands). start() runs the command's work on its own worker thread,
// holding the station's gate; every signal is emitted on the thread the command lives
// on (the GUI thread), so widgets and QSignalSpy can connect directly. The event loop
// never waits for the station, the HSM or a jig.
#include "kps/app/commands/station_host.hpp"
#include "kps/app/outcome.hpp"

#include <QObject>
#include <atomic>
#include <functional>
#include <optional>
#include <thread>

namespace kps::app {

/// What a command tells the UI when it ends.
struct CommandReport {
    enum class Status { Succeeded, Failed, Cancelled };
    Status status = Status::Failed;
    QString overview;                  // one line: what happened
    QString details;                   // more lines for a details pane
    std::optional<CommandError> error; // exit code and the engine's message

    bool succeeded() const { return status == Status::Succeeded; }
    static CommandReport success(QString overview, QString details = {});
    static CommandReport failure(const CommandError& error, QString overview);
    static CommandReport cancelled(QString overview);
};

class Command : public QObject {
    Q_OBJECT
public:
    explicit Command(StationHost& host, QObject* parent = nullptr);
    /// Cancels and waits for the worker: work in progress ends in a recorded state.
    /// A subclass whose work() uses its own members calls stopAndWait() in its destructor.
    ~Command() override;

    bool isRunning() const { return running_; }
    const CommandReport& report() const { return report_; }

public Q_SLOTS:
    void start();
    void cancel();

Q_SIGNALS:
    void started();
    /// The station is busy (a line run holds it); the command waits for it. An empty
    /// reason: the wait is over and the command works.
    void waiting(const QString& reason);
    void progress(qint64 done, qint64 total, const QString& step);
    void finished(const kps::app::CommandReport& report);

protected:
    /// Runs on the worker thread with the station's gate held.
    virtual CommandReport work(provisioning::Station& station,
                               const std::atomic<bool>& cancelled) = 0;
    /// Runs on the command's thread just before finished() (copy results out here).
    virtual void done() {}

    /// Runs `call` on the command's thread (from any thread); dropped if the command died.
    void post(std::function<void()> call);
    void postProgress(qint64 done, qint64 total, const QString& step);
    StationHost& host() { return host_; }
    void stopAndWait();

private:
    void runWorker();
    StationHost& host_;
    std::thread worker_;
    std::atomic<bool> cancel_{false};
    bool running_ = false;
    CommandReport report_;
};

} // namespace kps::app

Q_DECLARE_METATYPE(kps::app::CommandReport)
