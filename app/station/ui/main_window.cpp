#include "main_window.hpp"

#include "kps/app/commands/words.hpp"

#include <QCloseEvent>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>

namespace kps::station {

using namespace provisioning;

MainWindow::MainWindow(app::StationHost& host, StationWindowOptions options, QWidget* parent)
    : QMainWindow(parent)
    , host_(host)
    , state_(new StationState(host, session_, this))
    , line_(new LineController(host, session_, std::move(options.line), this))
    , stack_(new QStackedWidget(this))
    , login_(new LoginPage(host, session_, this))
    , tabs_(new QTabWidget(this))
    , alarms_(new AlarmPanel(host, session_, this))
    , lineView_(new LineView(*line_, alarms_, this))
    , orderView_(new OrderView(host, session_, *state_, *line_, this))
    , ceremonyView_(new CeremonyView(
          host, options.custody ? options.custody : app::stationKeyCustody(), this))
    , auditorView_(new AuditorView(host, session_, *state_, this))
    , who_(new QLabel(this)) {
    setWindowTitle(tr("kps station — %1").arg(host.paths().root));
    for (QWidget* view :
         std::initializer_list<QWidget*>{lineView_, orderView_, ceremonyView_, auditorView_})
        view->hide(); // shown as tabs, for the roles that use them
    tabs_->setObjectName(QStringLiteral("views"));
    stack_->addWidget(login_);
    stack_->addWidget(tabs_);
    setCentralWidget(stack_);
    addStatusAndShortcuts();
    connectViews();
    arrangeForSession();
    resize(1280, 800);
}

void MainWindow::addStatusAndShortcuts() {
    auto* logout = new QPushButton(tr("Log out (Ctrl+L)"), this);
    logout->setObjectName(QStringLiteral("logoutButton"));
    statusBar()->addPermanentWidget(who_);
    statusBar()->addPermanentWidget(logout);
    connect(logout, &QPushButton::clicked, this, &MainWindow::logOut);
    new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_L), this, [this] { logOut(); });
    for (int index = 0; index < 4; ++index)
        new QShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + index)), this,
                      [this, index] { tabs_->setCurrentIndex(index); });
}

void MainWindow::connectViews() {
    connect(&session_, &Session::changed, this, &MainWindow::arrangeForSession);
    connect(&session_, &Session::changed, ceremonyView_, &CeremonyView::reset);
    connect(state_, &StationState::loaded, alarms_, [this](const app::StationSnapshot& snapshot) {
        alarms_->showOpen(snapshot.openAlarms);
    });
    connect(line_, &LineController::started, this, [this](app::RunOrderCommand* command) {
        connect(command, &app::RunOrderCommand::alarmRaised, alarms_, &AlarmPanel::showLive);
    });
    connect(line_, &LineController::finished, alarms_,
            [this](const app::CommandReport&, const std::vector<AlarmRecord>& open) {
                alarms_->showOpen(open);
            });
    connect(orderView_, &OrderView::lineStarted, this, [this] { showTab(lineView_); });
    connect(state_, &StationState::failed, statusBar(),
            [this](const QString& message) { statusBar()->showMessage(message, 10000); });
}

QStringList MainWindow::visibleTabs() const {
    QStringList titles;
    for (int index = 0; index < tabs_->count(); ++index)
        titles << tabs_->tabText(index);
    return titles;
}

void MainWindow::showTab(QWidget* view) {
    const int index = tabs_->indexOf(view);
    if (index >= 0)
        tabs_->setCurrentIndex(index);
}

void MainWindow::arrangeForSession() {
    while (tabs_->count() > 0)
        tabs_->removeTab(0);
    if (!session_.loggedIn()) {
        who_->clear();
        stack_->setCurrentWidget(login_);
        login_->setFocus();
        return;
    }
    if (session_.may(Action::RunOrder))
        tabs_->addTab(lineView_, tr("Line"));
    if ((session_.may(Action::ViewOrders) && !session_.may(Action::VerifyAudit)) ||
        session_.may(Action::AddOrder))
        tabs_->addTab(orderView_, tr("Orders"));
    if (session_.principal()->role == Role::Custodian)
        tabs_->addTab(ceremonyView_, tr("Ceremony"));
    if (session_.may(Action::VerifyAudit))
        tabs_->addTab(auditorView_, tr("Audit"));
    const Principal& who = *session_.principal();
    who_->setText(tr("%1 (%2)").arg(who.user, app::roleTitle(who.role)));
    stack_->setCurrentWidget(tabs_);
    tabs_->setCurrentIndex(0);
    if (tabs_->currentWidget())
        tabs_->currentWidget()->setFocus();
}

void MainWindow::logOut() {
    if (line_->running()) {
        statusBar()->showMessage(tr("Pause the line before logging out"), 5000);
        return;
    }
    session_.logOut();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (line_->running()) { // a safe stop first: the endpoints in the sockets finish
        line_->pause();
        statusBar()->showMessage(tr("Pausing the line; close again once it has paused"), 5000);
        event->ignore();
        return;
    }
    event->accept();
}

} // namespace kps::station
