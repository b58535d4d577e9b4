#pragma once
// Command objects: what the GUI starts, watches and cancels (the shape of KDE
// Kleopatra's commands). A command moves one application operation (operations/) to a
// worker thread: start() runs its work there, holding the station's gate; every signal
// is emitted on the thread the command lives on (the GUI thread), so widgets and
// QSignalSpy connect directly. The event loop never waits for the station, the HSM or
// a jig. The work is a function object the command owns with its worker thread: a
// subclass only names the work and its result, it never joins a thread.
#include "kps/app/commands/station_host.hpp"
#include "kps/app/operations/progress.hpp"
#include "kps/app/outcome.hpp"

#include <QObject>
#include <any>
#include <atomic>
#include <functional>
#include <memory>
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

class Command;
struct CommandShared;

/// The command as its work sees it, on the worker thread.
class CommandWorker {
public:
    const std::atomic<bool>& cancelled() const;
    /// Emits progress() on the command's thread.
    void progress(qint64 done, qint64 total, const QString& step);
    /// Runs `call` on the command's thread; dropped if the command died first.
    void post(std::function<void()> call);
    /// Runs `drawing` on the GUI thread and waits for it: Qt draws charts there only.
    void onGuiThread(const std::function<void()>& drawing);
    /// An operation's Progress: its steps become progress(), its cancel is this
    /// command's, its drawing goes to the GUI thread.
    Progress operationProgress();
    /// The command's result, handed to the command's thread with the report.
    template <class T> void keep(T value) { result_ = std::move(value); }

private:
    friend class Command;
    explicit CommandWorker(Command& command)
        : command_(command) {}
    Command& command_;
    std::any result_;
};

class Command : public QObject {
    Q_OBJECT
public:
    /// The work, on the worker thread with the station's gate held. It keeps its result
    /// with CommandWorker::keep().
    using Work =
        std::function<CommandReport(provisioning::Station& station, CommandWorker& worker)>;

    Command(StationHost& host, Work work, QObject* parent = nullptr);
    /// Cancels and waits for the worker (drawing what it asks the GUI thread to draw
    /// meanwhile): work in progress ends in a recorded state.
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
    /// The result the work kept, once finished() was emitted (null before, or if the
    /// work kept none of this type).
    template <class T> const T* resultAs() const { return std::any_cast<T>(&result_); }

private:
    friend class CommandWorker;
    void runWorker();
    void stopAndWait();
    StationHost& host_;
    Work work_;
    std::shared_ptr<CommandShared> shared_;
    std::thread worker_;
    bool running_ = false;
    CommandReport report_;
    std::any result_;
};

} // namespace kps::app

Q_DECLARE_METATYPE(kps::app::CommandReport)
