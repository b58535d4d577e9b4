#pragma once
// The line of this station: which jigs it drives (the simulated line with --sim) and
// the run in progress. The order view starts, pauses and cancels; the line view shows.
#include "kps/app/commands/run_order_command.hpp"
#include "kps/app/operations/run.hpp"
#include "line_model.hpp"
#include "session.hpp"

#include <QPointer>

namespace kps::station {

struct LineSettings {
    bool simulated = false; // --sim: the training line
    int slotCount = 4;
    double faultRate = 0.0; // simulated jig faults (training)
    quint64 seed = 0;       // 0: from the clock
    app::RackFactory rack;  // replaces the jigs (tests)
    QStringList probes;     // --probes: CMSIS-DAP probe serials, one slot each
    QString crashAt;        // simulated line: end the process at this step (recovery tests)
    int flashMs = 0;        // simulated line: wall time of each key-store write
};

class LineController : public QObject {
    Q_OBJECT
public:
    LineController(app::StationHost& host, Session& session, LineSettings settings,
                   QObject* parent = nullptr);

    LineModel& model() { return model_; }
    const LineSettings& settings() const { return settings_; }
    bool running() const { return command_ != nullptr; }
    /// The order on the line (kept after a pause, so Start resumes it).
    const QString& orderId() const { return orderId_; }
    app::RunOrderCommand* command() const { return command_; }

public Q_SLOTS:
    /// Runs the order (all its remaining endpoints, or `count`) as the logged-in user.
    bool start(const QString& orderId, int count = 0);
    /// Stops after the endpoints in the sockets; Start resumes the same order.
    void pause();
    /// Pauses and takes the order off the line.
    void cancel();

Q_SIGNALS:
    void started(kps::app::RunOrderCommand* command);
    void finished(const kps::app::CommandReport& report,
                  const std::vector<kps::provisioning::AlarmRecord>& openAlarms);
    void message(const QString& text);

private:
    void onFinished(const app::CommandReport& report);
    app::RackFactory rackFactory() const;

    app::StationHost& host_;
    Session& session_;
    LineSettings settings_;
    LineModel model_;
    QPointer<app::RunOrderCommand> command_;
    QString orderId_;
    bool cancelling_ = false;
};

} // namespace kps::station
