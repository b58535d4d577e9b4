#include "line_controller.hpp"

#include <QDateTime>

namespace kps::station {

LineController::LineController(app::StationHost& host, Session& session, LineSettings settings,
                               QObject* parent)
    : QObject(parent)
    , host_(host)
    , session_(session)
    , settings_(std::move(settings))
    , model_(settings_.slotCount) {}

app::RackFactory LineController::rackFactory() const {
    if (settings_.rack)
        return settings_.rack;
    if (!settings_.probes.isEmpty())
        return app::probeRack(settings_.probes);
    if (!settings_.simulated)
        return {}; // the command refuses: no jigs are configured
    const quint64 seed =
        settings_.seed ? settings_.seed : quint64(QDateTime::currentMSecsSinceEpoch());
    return app::simulatedRack(
        {settings_.slotCount, seed, settings_.faultRate, settings_.crashAt, settings_.flashMs});
}

bool LineController::start(const QString& orderId, int count) {
    if (command_ || !session_.principal() || orderId.isEmpty())
        return false;
    if (orderId != orderId_)
        model_.clear();
    orderId_ = orderId;
    cancelling_ = false;
    command_ = new app::RunOrderCommand(
        host_, {*session_.principal(), orderId, settings_.slotCount, count, rackFactory()}, this);
    connect(command_, &app::Command::waiting, this, [this](const QString& reason) {
        Q_EMIT message(reason.isEmpty() ? tr("Running order %1").arg(orderId_) : reason);
    });
    connect(command_, &app::Command::finished, this, &LineController::onFinished);
    model_.follow(command_);
    Q_EMIT started(command_);
    Q_EMIT message(tr("Running order %1").arg(orderId));
    command_->start();
    return true;
}

void LineController::pause() {
    if (command_) {
        command_->cancel();
        Q_EMIT message(tr("Pausing: the endpoints in the sockets finish first"));
    }
}

void LineController::cancel() {
    cancelling_ = true;
    if (command_) {
        pause();
        return;
    }
    orderId_.clear();
    model_.clear();
}

void LineController::onFinished(const app::CommandReport& report) {
    std::vector<provisioning::AlarmRecord> open;
    if (command_ && command_->outcome())
        open = command_->outcome()->open;
    command_->deleteLater();
    command_ = nullptr;
    if (cancelling_) {
        cancelling_ = false;
        orderId_.clear();
    }
    Q_EMIT message(report.overview);
    Q_EMIT finished(report, open);
}

} // namespace kps::station
