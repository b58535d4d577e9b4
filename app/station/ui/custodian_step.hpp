#pragma once
// One custodian's turn in the ceremony: name or badge, PIN, Confirm. Logs the person in
// (LoginCommand) and accepts only a key custodian who is not `excluded` (the first one).
#include "kps/app/commands/login_command.hpp"

#include <QPointer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;

namespace kps::station {

class PinEdit;

class CustodianStep : public QWidget {
    Q_OBJECT
public:
    CustodianStep(app::StationHost& host, int number, QWidget* parent = nullptr);

    const std::optional<provisioning::Principal>& custodian() const { return custodian_; }
    void setExcluded(const QString& user) { excluded_ = user; }
    QLineEdit* userField() const { return user_; }
    PinEdit* pinField() const { return pin_; }
    QString status() const;

public Q_SLOTS:
    void confirm();
    void reset();

Q_SIGNALS:
    void confirmed(const kps::provisioning::Principal& custodian);
    void refused(const QString& reason);

private:
    void finish(const app::CommandReport& report);
    void refuse(const QString& reason);

    app::StationHost& host_;
    QLineEdit* user_;
    PinEdit* pin_;
    QPushButton* button_;
    QLabel* status_;
    QString excluded_;
    std::optional<provisioning::Principal> custodian_;
    QPointer<app::LoginCommand> command_;
};

} // namespace kps::station
