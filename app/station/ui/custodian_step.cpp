#include "custodian_step.hpp"

#include "kps/app/commands/words.hpp"
#include "pin_edit.hpp"
#include "widget_style.hpp"

#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace kps::station {

using namespace provisioning;

CustodianStep::CustodianStep(app::StationHost& host, int number, QWidget* parent)
    : QWidget(parent)
    , host_(host)
    , user_(new QLineEdit(this))
    , pin_(new PinEdit(this))
    , button_(new QPushButton(tr("Confirm"), this))
    , status_(new QLabel(this)) {
    const QString prefix = QStringLiteral("custodian%1").arg(number);
    user_->setObjectName(prefix + QStringLiteral("User"));
    pin_->setObjectName(prefix + QStringLiteral("Pin"));
    button_->setObjectName(prefix + QStringLiteral("Button"));
    status_->setObjectName(prefix + QStringLiteral("Status"));
    user_->setPlaceholderText(tr("key custodian %1 (name or badge)").arg(number));
    status_->setWordWrap(true);
    auto* layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* title = new QLabel(tr("Custodian %1").arg(number), this);
    scaleFont(title, 1.0, true);
    layout->addWidget(title, 0, 0);
    layout->addWidget(user_, 0, 1);
    layout->addWidget(pin_, 0, 2);
    layout->addWidget(button_, 0, 3);
    layout->addWidget(status_, 1, 1, 1, 3);
    layout->setColumnStretch(1, 2);
    layout->setColumnStretch(2, 1);
    connect(user_, &QLineEdit::returnPressed, this, [this] { pin_->setFocus(); });
    connect(pin_, &PinEdit::returnPressed, this, &CustodianStep::confirm);
    connect(button_, &QPushButton::clicked, this, &CustodianStep::confirm);
}

QString CustodianStep::status() const {
    return status_->text();
}

void CustodianStep::confirm() {
    if (command_ || custodian_)
        return;
    if (!excluded_.isEmpty() &&
        user_->text().trimmed().compare(excluded_, Qt::CaseInsensitive) == 0) {
        pin_->clear();
        return refuse(tr("%1 confirmed already: dual control needs a second, different "
                         "custodian")
                          .arg(excluded_));
    }
    status_->setText(tr("Checking…"));
    button_->setEnabled(false);
    command_ = new app::LoginCommand(host_, user_->text(), pin_->take(), this);
    connect(command_, &app::Command::waiting, status_, &QLabel::setText);
    connect(command_, &app::Command::finished, this, &CustodianStep::finish);
    command_->start();
}

void CustodianStep::finish(const app::CommandReport& report) {
    const auto principal = command_->principal();
    command_->deleteLater();
    command_ = nullptr;
    button_->setEnabled(true);
    if (!report.succeeded() || !principal)
        return refuse(report.error ? report.error->message : report.overview);
    if (principal->role != Role::Custodian)
        return refuse(tr("%1 is a %2, not a key custodian")
                          .arg(principal->user, app::roleTitle(principal->role)));
    if (principal->user.compare(excluded_, Qt::CaseInsensitive) == 0)
        return refuse(tr("%1 confirmed already: dual control needs a second, different "
                         "custodian")
                          .arg(excluded_));
    custodian_ = *principal;
    user_->setEnabled(false);
    pin_->setEnabled(false);
    button_->setEnabled(false);
    status_->setText(tr("✔ %1 (key custodian) confirmed").arg(principal->user));
    Q_EMIT confirmed(*principal);
}

void CustodianStep::refuse(const QString& reason) {
    status_->setText(QStringLiteral("✘ ") + reason);
    Q_EMIT refused(reason);
}

void CustodianStep::reset() {
    custodian_.reset();
    excluded_.clear();
    user_->clear();
    pin_->clear();
    status_->clear();
    for (QWidget* widget : std::initializer_list<QWidget*>{user_, pin_, button_})
        widget->setEnabled(true);
}

} // namespace kps::station
