#include "station_state.hpp"

namespace kps::station {

StationState::StationState(app::StationHost& host, Session& session, QObject* parent)
    : QObject(parent)
    , host_(host)
    , session_(session) {
    connect(&session_, &Session::changed, this, [this] {
        if (session_.loggedIn()) {
            reload();
        } else { // the next user sees nothing of the last one's until their own load
            snapshot_ = {};
            Q_EMIT loaded(snapshot_);
        }
    });
}

const provisioning::OrderRecord* StationState::order(const QString& orderId) const {
    for (const auto& record : snapshot_.orders)
        if (record.order.id == orderId)
            return &record;
    return nullptr;
}

void StationState::reload() {
    if (!session_.principal())
        return;
    if (command_) { // one load at a time; load again once this one ends
        again_ = true;
        return;
    }
    command_ = new app::LoadStationCommand(host_, *session_.principal(), this);
    connect(command_, &app::Command::finished, this, [this](const app::CommandReport& report) {
        if (report.succeeded()) {
            snapshot_ = *command_->snapshot();
            Q_EMIT loaded(snapshot_);
        } else {
            Q_EMIT failed(report.overview + QStringLiteral(": ") +
                          (report.error ? report.error->message : QString()));
        }
        command_->deleteLater();
        command_ = nullptr;
        if (std::exchange(again_, false))
            reload();
    });
    command_->start();
}

} // namespace kps::station
