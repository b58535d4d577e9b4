#include "line_view.hpp"

#include "slot_tile.hpp"
#include "widget_style.hpp"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QTimer>
#include <QVBoxLayout>

namespace kps::station {

LineView::LineView(LineController& line, AlarmPanel* alarms, QWidget* parent)
    : QWidget(parent)
    , line_(line)
    , order_(new QLabel(this))
    , progress_(new QProgressBar(this))
    , counters_(new QLabel(this))
    , grid_(new QGridLayout)
    , scan_(new QLineEdit(this))
    , scanResult_(new QLabel(this))
    , start_(new QPushButton(tr("Start (F5)"), this))
    , pause_(new QPushButton(tr("Pause (F6)"), this))
    , message_(new QLabel(this)) {
    progress_->setObjectName(QStringLiteral("orderProgress"));
    counters_->setObjectName(QStringLiteral("lineCounters"));
    scan_->setObjectName(QStringLiteral("scanInput"));
    scanResult_->setObjectName(QStringLiteral("scanResult"));
    start_->setObjectName(QStringLiteral("startButton"));
    pause_->setObjectName(QStringLiteral("pauseButton"));
    message_->setObjectName(QStringLiteral("lineMessage"));
    scaleFont(order_, 1.6, true);
    scaleFont(counters_, 1.25);
    progress_->setMinimumHeight(28);
    scan_->setPlaceholderText(tr("scan an endpoint label"));
    message_->setWordWrap(true);
    grid_->setSpacing(8);
    buildLayout(alarms);
    connectControls(alarms);
    connectModel();
    rebuildTiles();
    updateHeader();
    updateButtons();
    setFocusProxy(scan_);
}

void LineView::buildLayout(AlarmPanel* alarms) {
    auto* left = new QVBoxLayout;
    left->addLayout(grid_, 1);
    auto* scanRow = new QHBoxLayout;
    scanRow->addWidget(new QLabel(tr("Label:"), this));
    scanRow->addWidget(scan_, 1);
    scanRow->addWidget(scanResult_, 2);
    left->addLayout(scanRow);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(start_);
    buttons->addWidget(pause_);
    buttons->addWidget(message_, 1);
    left->addLayout(buttons);
    auto* body = new QHBoxLayout;
    body->addLayout(left, 3);
    if (alarms)
        body->addWidget(alarms, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(order_);
    layout->addWidget(progress_);
    layout->addWidget(counters_);
    layout->addLayout(body, 1);
}

void LineView::connectControls(AlarmPanel* alarms) {
    connect(scan_, &QLineEdit::returnPressed, this, [this] {
        matchLabel(scan_->text());
        scan_->clear();
    });
    connect(start_, &QPushButton::clicked, this, &LineView::startLine);
    connect(pause_, &QPushButton::clicked, &line_, &LineController::pause);
    new QShortcut(QKeySequence(Qt::Key_F5), this, [this] { startLine(); });
    new QShortcut(QKeySequence(Qt::Key_F6), this, [this] { line_.pause(); });
    if (alarms)
        new QShortcut(QKeySequence(Qt::Key_F9), this, [alarms] { alarms->acknowledge(); });
    connect(&line_, &LineController::message, message_, &QLabel::setText);
}

void LineView::connectModel() {
    LineModel& model = line_.model();
    // Tiles redraw at most 30 times a second, whatever the line's pace.
    auto* frame = new QTimer(this);
    frame->setSingleShot(true);
    frame->setInterval(33);
    connect(frame, &QTimer::timeout, this, [this] {
        for (SlotTile* tile : tiles_)
            if (std::exchange(tile->dirty, false))
                tile->update();
    });
    connect(&model, &LineModel::slotChanged, this, [this, frame](int slot) {
        if (slot < 1 || slot > int(tiles_.size()))
            return rebuildTiles();
        tiles_[std::size_t(slot - 1)]->dirty = true;
        if (!frame->isActive())
            frame->start();
    });
    // Counters change with every endpoint: redraw them at most ten times a second.
    auto* header = new QTimer(this);
    header->setSingleShot(true);
    header->setInterval(100);
    connect(header, &QTimer::timeout, this, &LineView::updateHeader);
    connect(&model, &LineModel::countersChanged, header, [header] {
        if (!header->isActive())
            header->start();
    });
    connect(&model, &LineModel::runningChanged, this, [this] {
        updateButtons();
        updateHeader();
    });
    auto* clock = new QTimer(this); // throughput moves with time, not only with results
    connect(clock, &QTimer::timeout, this, &LineView::updateHeader);
    clock->start(1000);
}

SlotTile* LineView::tile(int slot) const {
    return slot >= 1 && slot <= int(tiles_.size()) ? tiles_[std::size_t(slot - 1)] : nullptr;
}

QString LineView::scanResult() const {
    return scanResult_->text();
}
QString LineView::countersText() const {
    return counters_->text();
}

void LineView::rebuildTiles() {
    for (SlotTile* tile : tiles_)
        delete tile;
    tiles_.clear();
    const int count = line_.model().slotCount();
    const int columns = count <= 4 ? 2 : 4;
    for (int slot = 1; slot <= count; ++slot) {
        auto* tile = new SlotTile(line_.model(), slot, this);
        grid_->addWidget(tile, (slot - 1) / columns, (slot - 1) % columns);
        tiles_.push_back(tile);
    }
}

void LineView::updateHeader() {
    const LineModel& model = line_.model();
    if (model.orderId().isEmpty()) {
        order_->setText(tr("No order on the line: choose one in Orders"));
        progress_->setRange(0, 1);
        progress_->setValue(0);
    } else {
        order_->setText(tr("Order %1").arg(model.orderId()));
        progress_->setRange(0, int(std::max<qint64>(1, model.quantity())));
        progress_->setValue(int(std::min(model.verified(), model.quantity())));
        progress_->setFormat(tr("%v of %m verified (%p%)"));
    }
    counters_->setText(tr("Verified %1 · Failed %2 · Remaining %3 · Yield %4 % · %5 per hour")
                           .arg(model.verified())
                           .arg(model.failed())
                           .arg(std::max<qint64>(0, model.quantity() - model.verified()))
                           .arg(QLocale().toString(model.yield() * 100.0, 'f', 1))
                           .arg(QLocale().toString(model.throughputPerHour(), 'f', 0)));
}

void LineView::updateButtons() {
    const bool running = line_.model().running();
    start_->setEnabled(!running);
    pause_->setEnabled(running);
}

void LineView::startLine() {
    if (line_.orderId().isEmpty()) {
        message_->setText(tr("Choose an order in Orders first"));
        return;
    }
    line_.start(line_.orderId());
}

void LineView::matchLabel(const QString& label) {
    for (SlotTile* tile : tiles_)
        tile->setMatched(false);
    const QString address = label.trimmed().toUpper();
    if (address.isEmpty())
        return;
    const int slot = line_.model().slotHolding(address);
    if (slot == 0) {
        scanResult_->setText(tr("%1 is in no slot").arg(address));
        return;
    }
    tile(slot)->setMatched(true);
    scanResult_->setText(
        tr("%1 is in slot %2 (%3)").arg(address).arg(slot).arg(tile(slot)->statusText()));
}

} // namespace kps::station
