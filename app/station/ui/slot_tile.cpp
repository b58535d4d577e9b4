#include "slot_tile.hpp"

#include "kps/app/commands/words.hpp"

#include <QPainter>

namespace kps::station {

using Phase = SlotState::Phase;

SlotTile::SlotTile(const LineModel& model, int slot, QWidget* parent)
    : QWidget(parent)
    , model_(model)
    , slot_(slot) {
    setObjectName(QStringLiteral("slotTile%1").arg(slot));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

QString SlotTile::statusText() const {
    const SlotState& state = model_.slot(slot_);
    return state.phase == Phase::Idle ? app::stepTitle(provisioning::SlotStep::Idle)
                                      : app::stepTitle(state.step);
}

QString SlotTile::caption() const {
    const SlotState& state = model_.slot(slot_);
    QString text = tr("Slot %1").arg(slot_) + QLatin1Char('\n') + statusText();
    if (!state.address.isEmpty())
        text += QLatin1Char('\n') + state.address;
    if (!state.reason.isEmpty())
        text += QLatin1Char('\n') + state.reason;
    return text;
}

void SlotTile::setMatched(bool matched) {
    matched_ = matched;
    update();
}

QColor SlotTile::background() const {
    switch (model_.slot(slot_).phase) {
    case Phase::Idle:
        return {0xd5, 0xd8, 0xdc};
    case Phase::Running:
        return {0xff, 0xd5, 0x4f};
    case Phase::Passed:
        return {0x2e, 0x7d, 0x32};
    case Phase::Failed:
        return {0xc6, 0x28, 0x28};
    }
    return Qt::gray;
}

void SlotTile::paintEvent(QPaintEvent*) {
    const SlotState& state = model_.slot(slot_);
    QPainter painter(this);
    painter.fillRect(rect(), palette().window());
    const QRect box = rect().adjusted(4, 4, -4, -4);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(matched_ ? QPen(QColor(0x15, 0x65, 0xc0), 6) : Qt::NoPen);
    painter.setBrush(background());
    painter.drawRoundedRect(box, 10, 10);
    const bool dark = state.phase == Phase::Passed || state.phase == Phase::Failed;
    painter.setPen(dark ? Qt::white : Qt::black);
    const QRect inner = box.adjusted(14, 10, -14, -10);
    QFont font = this->font();
    font.setPointSizeF(font.pointSizeF() * 1.2);
    painter.setFont(font);
    painter.drawText(inner, Qt::AlignLeft | Qt::AlignTop, tr("Slot %1").arg(slot_));
    QFont large = font;
    large.setBold(true);
    large.setPointSizeF(font.pointSizeF() * (dark ? 2.2 : 1.5));
    painter.setFont(large);
    painter.drawText(inner.adjusted(0, QFontMetrics(font).height() + 4, 0, 0),
                     Qt::AlignLeft | Qt::AlignTop, statusText());
    painter.setFont(this->font());
    const int textTop =
        inner.top() + QFontMetrics(font).height() + QFontMetrics(large).height() + 10;
    const QRect lower(inner.left(), textTop, inner.width(), inner.bottom() - textTop - 14);
    QString lines = state.address;
    if (!state.reason.isEmpty())
        lines += QLatin1Char('\n') + state.reason;
    painter.drawText(lower, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, lines);
    if (state.phase == Phase::Running) {
        const QRect bar(inner.left(), inner.bottom() - 8, inner.width(), 8);
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(0, 0, 0, 50));
        painter.drawRect(bar);
        painter.setBrush(QColor(0x6d, 0x4c, 0x41));
        painter.drawRect(bar.adjusted(
            0, 0, -bar.width() * (LineModel::kStepCount - state.stepIndex) / LineModel::kStepCount,
            0));
    }
}

} // namespace kps::station
