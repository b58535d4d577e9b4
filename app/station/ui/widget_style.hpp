#pragma once
// Small helpers the views share for fonts.
#include <QWidget>

namespace kps::station {

/// Scales the widget's font (and makes it bold if asked).
inline void scaleFont(QWidget* widget, double factor, bool bold = false) {
    QFont font = widget->font();
    font.setPointSizeF(font.pointSizeF() * factor);
    font.setBold(bold);
    widget->setFont(font);
}

} // namespace kps::station
