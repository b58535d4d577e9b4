#include "login_page.hpp"

#include "pin_edit.hpp"
#include "widget_style.hpp"

#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace kps::station {

LoginPage::LoginPage(app::StationHost& host, Session& session, QWidget* parent)
    : QWidget(parent)
    , host_(host)
    , session_(session)
    , title_(new QLabel(this))
    , userLabel_(new QLabel(this))
    , pinLabel_(new QLabel(this))
    , user_(new QLineEdit(this))
    , pin_(new PinEdit(this))
    , button_(new QPushButton(this))
    , status_(new QLabel(this)) {
    user_->setObjectName(QStringLiteral("loginUser"));
    pin_->setObjectName(QStringLiteral("loginPin"));
    button_->setObjectName(QStringLiteral("loginButton"));
    status_->setObjectName(QStringLiteral("loginStatus"));
    title_->setAlignment(Qt::AlignCenter);
    scaleFont(title_, 2.0);
    status_->setWordWrap(true);
    auto* form = new QFormLayout;
    form->addRow(userLabel_, user_);
    form->addRow(pinLabel_, pin_);
    auto* box = new QWidget(this);
    box->setMaximumWidth(520);
    auto* boxLayout = new QVBoxLayout(box);
    boxLayout->addWidget(title_);
    boxLayout->addSpacing(24);
    boxLayout->addLayout(form);
    boxLayout->addWidget(button_);
    boxLayout->addWidget(status_);
    auto* layout = new QVBoxLayout(this);
    layout->addStretch();
    layout->addWidget(box, 0, Qt::AlignHCenter);
    layout->addStretch(2);
    connect(user_, &QLineEdit::returnPressed, this, [this] { pin_->setFocus(); });
    connect(pin_, &PinEdit::returnPressed, this, &LoginPage::submit);
    connect(button_, &QPushButton::clicked, this, &LoginPage::submit);
    retranslate();
    setFocusProxy(user_);
}

QString LoginPage::status() const {
    return status_->text();
}

void LoginPage::submit() {
    if (command_)
        return;
    status_->setText(tr("Checking…"));
    button_->setEnabled(false);
    command_ = new app::LoginCommand(host_, user_->text(), pin_->take(), this);
    connect(command_, &app::Command::waiting, status_, &QLabel::setText);
    connect(command_, &app::Command::finished, this, &LoginPage::finish);
    command_->start();
}

void LoginPage::finish(const app::CommandReport& report) {
    const auto principal = command_->principal();
    command_->deleteLater();
    command_ = nullptr;
    button_->setEnabled(true);
    if (!report.succeeded() || !principal) {
        status_->setText(report.overview + QStringLiteral(": ") +
                         (report.error ? report.error->message : QString()));
        pin_->setFocus();
        Q_EMIT attempted(false);
        return;
    }
    reset();
    session_.logIn(*principal);
    Q_EMIT attempted(true);
}

void LoginPage::reset() {
    user_->clear();
    pin_->clear();
    status_->clear();
    user_->setFocus();
}

void LoginPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void LoginPage::retranslate() {
    title_->setText(tr("Key-provisioning station"));
    userLabel_->setText(tr("User or badge"));
    pinLabel_->setText(tr("PIN"));
    button_->setText(tr("Log in"));
    user_->setPlaceholderText(tr("type your name or scan your badge"));
}

} // namespace kps::station
