#pragma once
// The line's alarms: raised ones stay until a supervisor acknowledges them, either the
// supervisor logged in or one who badges in here (user + PIN) just for that.
#include "kps/app/commands/alarm_commands.hpp"
#include "session.hpp"

#include <QPointer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace kps::station {

class PinEdit;

class AlarmPanel : public QWidget {
    Q_OBJECT
public:
    AlarmPanel(app::StationHost& host, Session& session, QWidget* parent = nullptr);

    int openCount() const;
    QListWidget* list() const { return list_; }
    QLineEdit* supervisorField() const { return user_; }
    PinEdit* supervisorPin() const { return pin_; }
    QString status() const;

public Q_SLOTS:
    /// The recorded open alarms (from the store), replacing what is shown.
    void showOpen(const std::vector<kps::provisioning::AlarmRecord>& alarms);
    /// An alarm raised by the run in progress (recorded when the run returns).
    void showLive(const kps::provisioning::AlarmNotice& notice);
    /// Acknowledges the selected alarm (the first if none is selected).
    void acknowledge();
    void refreshForSession();

Q_SIGNALS:
    void openCountChanged(int count);

private:
    void finish(const app::CommandReport& report);

    app::StationHost& host_;
    Session& session_;
    QLabel* title_;
    QListWidget* list_;
    QLineEdit* user_;
    PinEdit* pin_;
    QLineEdit* note_;
    QPushButton* button_;
    QLabel* status_;
    QPointer<app::AcknowledgeAlarmCommand> command_;
};

} // namespace kps::station
