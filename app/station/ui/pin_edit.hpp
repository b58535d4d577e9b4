#pragma once
// A PIN field whose characters go straight into locked, wiped memory (SecretBytes):
// never into a QString, a QLineEdit's undo stack or the clipboard. Shows one dot per
// character; Backspace removes the last; Enter emits returnPressed().
#include "kps/secure/secret_bytes.hpp"

#include <QWidget>

namespace kps::station {

class PinEdit : public QWidget {
    Q_OBJECT
public:
    static constexpr std::size_t kCapacity = 64;
    explicit PinEdit(QWidget* parent = nullptr);

    std::size_t length() const { return length_; }
    /// Hands the PIN over and clears the field.
    secure::SecretBytes take();
    void clear();
    void setPlaceholderText(const QString& text);
    QSize sizeHint() const override;

Q_SIGNALS:
    void returnPressed();
    void lengthChanged(int length);

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void focusInEvent(QFocusEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;

private:
    secure::SecretBytes buffer_{kCapacity};
    std::size_t length_ = 0;
    QString placeholder_;
};

} // namespace kps::station
