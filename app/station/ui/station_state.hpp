#pragma once
// The station's orders and open alarms as the logged-in user may see them; reloaded
// (off the GUI thread) after login and after every command that changes them.
#include "kps/app/commands/station_commands.hpp"
#include "session.hpp"

#include <QPointer>

namespace kps::station {

class StationState : public QObject {
    Q_OBJECT
public:
    StationState(app::StationHost& host, Session& session, QObject* parent = nullptr);

    const app::StationSnapshot& snapshot() const { return snapshot_; }
    const provisioning::OrderRecord* order(const QString& orderId) const;
    bool loading() const { return command_ != nullptr; }

public Q_SLOTS:
    void reload();

Q_SIGNALS:
    void loaded(const kps::app::StationSnapshot& snapshot);
    void failed(const QString& message);

private:
    app::StationHost& host_;
    Session& session_;
    app::StationSnapshot snapshot_;
    QPointer<app::LoadStationCommand> command_;
    bool again_ = false;
};

} // namespace kps::station
