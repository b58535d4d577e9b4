#include "pin_edit.hpp"

#include <QKeyEvent>
#include <QPainter>
#include <QStyle>
#include <QStyleOptionFrame>

namespace kps::station {

PinEdit::PinEdit(QWidget* parent)
    : QWidget(parent) {
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_InputMethodEnabled, false); // no input method keeps a copy
    setAttribute(Qt::WA_KeyCompression, false);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setAccessibleName(tr("PIN"));
    placeholder_ = tr("PIN");
}

secure::SecretBytes PinEdit::take() {
    secure::SecretBytes pin = secure::SecretBytes::copyOf(buffer_.span().first(length_));
    clear();
    return pin;
}

void PinEdit::clear() {
    buffer_.wipe();
    buffer_ = secure::SecretBytes(kCapacity);
    length_ = 0;
    update();
    Q_EMIT lengthChanged(0);
}

void PinEdit::setPlaceholderText(const QString& text) {
    placeholder_ = text;
    update();
}

QSize PinEdit::sizeHint() const {
    return {fontMetrics().horizontalAdvance(QLatin1Char('M')) * 16, fontMetrics().height() + 14};
}

void PinEdit::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) {
        Q_EMIT returnPressed();
        return;
    }
    if (event->key() == Qt::Key_Backspace) {
        if (length_ > 0)
            buffer_.data()[--length_] = 0;
        update();
        Q_EMIT lengthChanged(int(length_));
        return;
    }
    if (event->key() == Qt::Key_Escape) {
        clear();
        return;
    }
    // A PIN is printable ASCII (what a keypad or a badge reader types); one character
    // at a time, so the event's text is the only transient copy.
    const QString text = event->text();
    if (text.size() != 1 || text.at(0).unicode() < 0x21 || text.at(0).unicode() > 0x7e) {
        QWidget::keyPressEvent(event);
        return;
    }
    if (length_ < kCapacity)
        buffer_.data()[length_++] = std::uint8_t(text.at(0).unicode());
    update();
    Q_EMIT lengthChanged(int(length_));
}

void PinEdit::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    QStyleOptionFrame frame;
    frame.initFrom(this);
    frame.lineWidth = style()->pixelMetric(QStyle::PM_DefaultFrameWidth, &frame, this);
    frame.state |= QStyle::State_Sunken;
    style()->drawPrimitive(QStyle::PE_PanelLineEdit, &frame, &painter, this);
    if (length_ == 0 && !placeholder_.isEmpty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect().adjusted(6, 0, -6, 0), Qt::AlignLeft | Qt::AlignVCenter,
                         placeholder_);
    }
    const int dot = fontMetrics().height() / 2;
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setBrush(palette().text());
    painter.setPen(Qt::NoPen);
    const int y = (height() - dot) / 2;
    for (std::size_t i = 0; i < length_; ++i)
        painter.drawEllipse(8 + int(i) * (dot + 4), y, dot, dot);
    if (hasFocus()) {
        const int x = 8 + int(length_) * (dot + 4);
        painter.setPen(palette().text().color());
        painter.drawLine(x, y - 2, x, y + dot + 2);
    }
}

void PinEdit::focusInEvent(QFocusEvent* event) {
    update();
    QWidget::focusInEvent(event);
}

void PinEdit::focusOutEvent(QFocusEvent* event) {
    update();
    QWidget::focusOutEvent(event);
}

} // namespace kps::station
