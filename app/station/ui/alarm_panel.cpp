#include "alarm_panel.hpp"

#include "kps/app/commands/words.hpp"
#include "pin_edit.hpp"
#include "widget_style.hpp"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace kps::station {

using namespace provisioning;

namespace {

constexpr int kAlarmIdRole = Qt::UserRole + 1;

QString describe(const AlarmNotice& notice) {
    QString text = QStringLiteral("%1 — %2").arg(
        app::alarmTitle(notice.kind),
        notice.raisedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")));
    if (notice.slot > 0)
        text += QStringLiteral(" — ") + AlarmPanel::tr("slot %1").arg(notice.slot);
    return text + QLatin1Char('\n') + notice.message;
}

} // namespace

AlarmPanel::AlarmPanel(app::StationHost& host, Session& session, QWidget* parent)
    : QWidget(parent)
    , host_(host)
    , session_(session)
    , title_(new QLabel(tr("Alarms"), this))
    , list_(new QListWidget(this))
    , user_(new QLineEdit(this))
    , pin_(new PinEdit(this))
    , note_(new QLineEdit(this))
    , button_(new QPushButton(tr("Acknowledge (F9)"), this))
    , status_(new QLabel(this)) {
    list_->setObjectName(QStringLiteral("alarmList"));
    user_->setObjectName(QStringLiteral("ackUser"));
    pin_->setObjectName(QStringLiteral("ackPin"));
    note_->setObjectName(QStringLiteral("ackNote"));
    button_->setObjectName(QStringLiteral("ackButton"));
    status_->setObjectName(QStringLiteral("ackStatus"));
    status_->setWordWrap(true);
    scaleFont(title_, 1.0, true);
    user_->setPlaceholderText(tr("supervisor (name or badge)"));
    pin_->setPlaceholderText(tr("supervisor PIN"));
    note_->setPlaceholderText(tr("note (optional)"));
    list_->setWordWrap(true);
    auto* credentials = new QHBoxLayout;
    credentials->addWidget(user_);
    credentials->addWidget(pin_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(title_);
    layout->addWidget(list_, 1);
    layout->addLayout(credentials);
    layout->addWidget(note_);
    layout->addWidget(button_);
    layout->addWidget(status_);
    connect(button_, &QPushButton::clicked, this, &AlarmPanel::acknowledge);
    connect(pin_, &PinEdit::returnPressed, this, &AlarmPanel::acknowledge);
    connect(user_, &QLineEdit::returnPressed, this, [this] { pin_->setFocus(); });
    connect(&session_, &Session::changed, this, &AlarmPanel::refreshForSession);
    refreshForSession();
}

int AlarmPanel::openCount() const {
    return list_->count();
}

QString AlarmPanel::status() const {
    return status_->text();
}

void AlarmPanel::refreshForSession() {
    const bool supervisor = session_.may(Action::AcknowledgeAlarm);
    user_->setVisible(!supervisor);
    pin_->setVisible(!supervisor);
    button_->setEnabled(list_->count() > 0 && !command_);
}

void AlarmPanel::showOpen(const std::vector<AlarmRecord>& alarms) {
    list_->clear();
    for (const AlarmRecord& alarm : alarms) {
        auto* item = new QListWidgetItem(describe(alarm.notice), list_);
        item->setData(kAlarmIdRole, alarm.id);
        item->setForeground(QColor(0xb7, 0x1c, 0x1c));
    }
    refreshForSession();
    Q_EMIT openCountChanged(list_->count());
}

void AlarmPanel::showLive(const AlarmNotice& notice) {
    auto* item = new QListWidgetItem(
        describe(notice) + QLatin1Char('\n') + tr("(acknowledge once the line has paused)"), list_);
    item->setData(kAlarmIdRole, qint64(0));
    item->setForeground(QColor(0xb7, 0x1c, 0x1c));
    refreshForSession();
    Q_EMIT openCountChanged(list_->count());
}

void AlarmPanel::acknowledge() {
    if (command_ || list_->count() == 0 || !session_.principal())
        return;
    QListWidgetItem* item = list_->currentItem() ? list_->currentItem() : list_->item(0);
    const qint64 id = item->data(kAlarmIdRole).toLongLong();
    if (id == 0) {
        status_->setText(tr("This alarm is recorded when the line pauses: pause it first"));
        return;
    }
    app::Acting who = session_.may(Action::AcknowledgeAlarm)
                          ? app::Acting::as(*session_.principal())
                          : app::Acting::withPin(user_->text(), pin_->take());
    command_ = new app::AcknowledgeAlarmCommand(host_, std::move(who), id, note_->text(), this);
    connect(command_, &app::Command::waiting, status_, &QLabel::setText);
    connect(command_, &app::Command::finished, this, &AlarmPanel::finish);
    button_->setEnabled(false);
    status_->setText(tr("Checking…"));
    command_->start();
}

void AlarmPanel::finish(const app::CommandReport& report) {
    const auto open = command_->openAlarms();
    command_->deleteLater();
    command_ = nullptr;
    status_->setText(report.succeeded() ? report.overview
                                        : report.overview + QStringLiteral(": ") +
                                              (report.error ? report.error->message : QString()));
    if (report.succeeded()) {
        user_->clear();
        note_->clear();
        showOpen(open);
    }
    refreshForSession();
}

} // namespace kps::station
