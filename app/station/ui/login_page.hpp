#pragma once
// The login screen: user name or badge (a badge scanner types it and presses Enter),
// then the PIN. The check (Argon2id, lockout) runs in a LoginCommand.
#include "kps/app/commands/login_command.hpp"
#include "session.hpp"

#include <QPointer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;

namespace kps::station {

class PinEdit;

class LoginPage : public QWidget {
    Q_OBJECT
public:
    LoginPage(app::StationHost& host, Session& session, QWidget* parent = nullptr);

    QLineEdit* userField() const { return user_; }
    PinEdit* pinField() const { return pin_; }
    QString status() const;

public Q_SLOTS:
    void submit();
    void reset();

Q_SIGNALS:
    void attempted(bool succeeded);

protected:
    void changeEvent(QEvent* event) override;

private:
    void finish(const app::CommandReport& report);
    void retranslate();

    app::StationHost& host_;
    Session& session_;
    QLabel* title_;
    QLabel* userLabel_;
    QLabel* pinLabel_;
    QLineEdit* user_;
    PinEdit* pin_;
    QPushButton* button_;
    QLabel* status_;
    QPointer<app::LoginCommand> command_;
};

} // namespace kps::station
