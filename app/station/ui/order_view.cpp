#include "order_view.hpp"

#include "kps/app/commands/words.hpp"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace kps::station {

using namespace provisioning;

OrderView::OrderView(app::StationHost& host, Session& session, StationState& state,
                     LineController& line, QWidget* parent)
    : QWidget(parent)
    , host_(host)
    , session_(session)
    , state_(state)
    , line_(line)
    , table_(new QTableWidget(0, 8, this))
    , details_(new QLabel(this))
    , count_(new QSpinBox(this))
    , open_(new QPushButton(tr("Open order file…"), this))
    , release_(new QPushButton(tr("Release to line"), this))
    , start_(new QPushButton(tr("Start"), this))
    , pause_(new QPushButton(tr("Pause"), this))
    , cancel_(new QPushButton(tr("Cancel"), this))
    , close_(new QPushButton(tr("Close order"), this))
    , status_(new QLabel(this)) {
    table_->setObjectName(QStringLiteral("orderTable"));
    details_->setObjectName(QStringLiteral("orderDetails"));
    open_->setObjectName(QStringLiteral("openOrderButton"));
    release_->setObjectName(QStringLiteral("releaseOrderButton"));
    start_->setObjectName(QStringLiteral("startOrderButton"));
    pause_->setObjectName(QStringLiteral("pauseOrderButton"));
    cancel_->setObjectName(QStringLiteral("cancelOrderButton"));
    close_->setObjectName(QStringLiteral("closeOrderButton"));
    status_->setObjectName(QStringLiteral("orderStatus"));
    setUpTable();
    details_->setWordWrap(true);
    details_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    status_->setWordWrap(true);
    count_->setRange(0, 1000000);
    count_->setSpecialValueText(tr("all remaining"));
    count_->setToolTip(tr("Endpoints to provision in this run (0: until the order is complete)"));
    buildLayout();
    connectControls();
    confirm_ = [this](const QString& title, const QString& question) {
        return QMessageBox::question(this, title, question) == QMessageBox::Yes;
    };
    updateButtons();
}

void OrderView::setUpTable() {
    table_->setHorizontalHeaderLabels({tr("Order"), tr("Customer"), tr("Profile"), tr("Key source"),
                                       tr("Quantity"), tr("Verified"), tr("Failed"), tr("State")});
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->hide();
}

void OrderView::buildLayout() {
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(open_);
    buttons->addStretch();
    buttons->addWidget(new QLabel(tr("Endpoints:"), this));
    buttons->addWidget(count_);
    for (QPushButton* button : {release_, start_, pause_, cancel_, close_})
        buttons->addWidget(button);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(table_, 2);
    layout->addWidget(details_, 1);
    layout->addLayout(buttons);
    layout->addWidget(status_);
}

void OrderView::connectControls() {
    connect(open_, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Open an order file"), {},
                                                          tr("Orders (*.json);;All files (*)"));
        if (!file.isEmpty())
            openOrderFile(file);
    });
    connect(release_, &QPushButton::clicked, this, &OrderView::releaseOrHoldSelected);
    connect(start_, &QPushButton::clicked, this, &OrderView::startSelected);
    connect(pause_, &QPushButton::clicked, &line_, &LineController::pause);
    connect(cancel_, &QPushButton::clicked, this, &OrderView::cancelRun);
    connect(close_, &QPushButton::clicked, this, &OrderView::closeSelected);
    connect(table_, &QTableWidget::itemSelectionChanged, this, [this] {
        showDetails();
        updateButtons();
    });
    connect(&state_, &StationState::loaded, this, &OrderView::showSnapshot);
    connect(&state_, &StationState::failed, status_, &QLabel::setText);
    connect(&session_, &Session::changed, this, &OrderView::updateButtons);
    connect(&line_.model(), &LineModel::runningChanged, this, &OrderView::updateButtons);
    connect(&line_, &LineController::message, status_, &QLabel::setText);
    connect(&line_, &LineController::finished, &state_, &StationState::reload);
}

QString OrderView::selectedOrder() const {
    const auto rows = table_->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : table_->item(rows.first().row(), 0)->text();
}

QString OrderView::details() const {
    return details_->text();
}
QString OrderView::status() const {
    return status_->text();
}

void OrderView::showSnapshot(const app::StationSnapshot& snapshot) {
    const QString selected = selectedOrder();
    table_->setRowCount(int(snapshot.orders.size()));
    int row = 0;
    for (const OrderRecord& record : snapshot.orders) {
        const Order& order = record.order;
        const QStringList cells = {order.id,
                                   order.customer.name,
                                   order.profile,
                                   app::keySourceTitle(order.keySource),
                                   QString::number(order.quantity),
                                   QString::number(record.verified),
                                   QString::number(record.failed),
                                   app::orderStateTitle(record.state)};
        for (int column = 0; column < cells.size(); ++column)
            table_->setItem(row, column, new QTableWidgetItem(cells[column]));
        ++row;
    }
    selectOrder(!wanted_.isEmpty()   ? std::exchange(wanted_, {})
                : selected.isEmpty() ? line_.orderId()
                                     : selected);
    showDetails();
    updateButtons();
}

void OrderView::selectOrder(const QString& orderId) {
    for (int row = 0; row < table_->rowCount(); ++row)
        if (table_->item(row, 0)->text() == orderId)
            table_->selectRow(row);
}

void OrderView::showDetails() {
    const OrderRecord* record = state_.order(selectedOrder());
    if (!record) {
        details_->setText(tr("Select an order to see its profile and key source."));
        return;
    }
    const Order& order = record->order;
    details_->setText(tr("Order %1 for %2 (head-end %3, DM as %4)\nProfile %5 · key source: %6\n"
                         "%7 endpoints from %8 · issued %9 · verified %10 · failed %11\n"
                         "KEK check values: customer %12, head-end %13")
                          .arg(order.id, order.customer.name, order.headend.name, order.headendDm,
                               order.profile, app::keySourceTitle(order.keySource))
                          .arg(order.quantity)
                          .arg(order.first.text())
                          .arg(record->issued)
                          .arg(record->verified)
                          .arg(record->failed)
                          .arg(record->customerKek.kcv, record->headendKek.kcv));
}

void OrderView::updateButtons() {
    const OrderRecord* record = state_.order(selectedOrder());
    const bool running = line_.model().running();
    const bool idle = !command_;
    const bool changeable = record && record->state != OrderState::Closed;
    // Operators run running orders; a supervisor's run also starts an open one.
    const bool runnable = changeable && (record->state == OrderState::Running ||
                                         session_.may(Action::ChangeOrderState));
    open_->setVisible(session_.may(Action::AddOrder));
    close_->setVisible(session_.may(Action::CloseOrder));
    release_->setVisible(session_.may(Action::ChangeOrderState));
    for (QPushButton* button : {start_, pause_, cancel_})
        button->setVisible(session_.may(Action::RunOrder));
    count_->setVisible(session_.may(Action::RunOrder));
    open_->setEnabled(idle);
    release_->setText(record && record->state == OrderState::Running ? tr("Hold order")
                                                                     : tr("Release to line"));
    release_->setEnabled(idle && !running && changeable);
    start_->setEnabled(idle && !running && runnable);
    start_->setToolTip(changeable && !runnable
                           ? tr("A supervisor releases this order to the line first")
                           : QString());
    pause_->setEnabled(running);
    cancel_->setEnabled(running || !line_.orderId().isEmpty());
    close_->setEnabled(idle && !running && record && record->state != OrderState::Closed);
}

void OrderView::track(app::Command* command) {
    command_ = command;
    connect(command, &app::Command::waiting, status_, &QLabel::setText);
    connect(command, &app::Command::progress, this,
            [this](qint64, qint64, const QString& step) { status_->setText(step); });
    connect(command, &app::Command::finished, this, [this, command](const app::CommandReport& r) {
        status_->setText(r.succeeded() ? r.overview
                                       : r.overview + QStringLiteral(": ") +
                                             (r.error ? r.error->message : QString()));
        command->deleteLater();
        command_ = nullptr;
        updateButtons();
        state_.reload();
    });
    updateButtons();
    command->start();
}

void OrderView::openOrderFile(const QString& path) {
    if (command_ || !session_.principal())
        return;
    status_->setText(tr("Registering %1…").arg(path));
    auto* command = new app::AddOrderCommand(host_, *session_.principal(), path, this);
    connect(command, &app::Command::finished, this, [this, command](const app::CommandReport& r) {
        if (r.succeeded() && command->order())
            wanted_ = command->order()->order.id;
    });
    track(command);
}

void OrderView::startSelected() {
    const QString orderId = selectedOrder();
    if (orderId.isEmpty())
        return;
    if (line_.start(orderId, count_->value()))
        Q_EMIT lineStarted();
}

void OrderView::releaseOrHoldSelected() {
    const OrderRecord* record = state_.order(selectedOrder());
    if (!record || command_ || !session_.principal())
        return;
    const OrderState to =
        record->state == OrderState::Running ? OrderState::Open : OrderState::Running;
    track(
        new app::ChangeOrderStateCommand(host_, *session_.principal(), record->order.id, to, this));
}

void OrderView::cancelRun() {
    if (line_.running() &&
        !confirm_(tr("Cancel the run"),
                  tr("Stop the line and take order %1 off it? The endpoints in the sockets "
                     "finish first; the order stays open.")
                      .arg(line_.orderId())))
        return;
    line_.cancel();
    updateButtons();
}

void OrderView::closeSelected() {
    const QString orderId = selectedOrder();
    if (orderId.isEmpty() || command_ || !session_.principal())
        return;
    if (!confirm_(tr("Close the order"),
                  tr("Close order %1? Its listing and DM batch are exported and its keys are "
                     "destroyed in the HSM. This cannot be undone.")
                      .arg(orderId)))
        return;
    track(new app::CloseOrderCommand(host_, *session_.principal(), orderId, this));
}

} // namespace kps::station
