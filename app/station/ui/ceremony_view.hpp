#pragma once
// The custodian ceremony: choose the operation (import a customer's masters or key
// list, or destroy a customer order's keys) and its file or order; two different key
// custodians log in one after the other; then the ceremony runs and shows each key's
// name and check value (KCV), never a key. A key list import can be cancelled.
#include "custodian_step.hpp"
#include "kps/app/commands/ceremony_command.hpp"

#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace kps::station {

class CeremonyView : public QWidget {
    Q_OBJECT
public:
    CeremonyView(app::StationHost& host, std::shared_ptr<app::KeyCustody> custody,
                 QWidget* parent = nullptr);

    CustodianStep* step(int number) const { return number == 1 ? first_ : second_; }
    QTableWidget* checkValues() const { return table_; }
    QPushButton* runButton() const { return run_; }
    QString status() const;

public Q_SLOTS:
    void setOperation(kps::app::CeremonyKind kind, const QString& target);
    void runCeremony();
    void reset();

Q_SIGNALS:
    void ceremonyFinished(bool succeeded);

private:
    void buildLayout();
    void connectControls();
    void showKind();
    void updateButtons();
    void finish(const app::CommandReport& report);

    app::StationHost& host_;
    std::shared_ptr<app::KeyCustody> custody_;
    QComboBox* kind_;
    QLineEdit* target_;
    QPushButton* browse_;
    CustodianStep* first_;
    CustodianStep* second_;
    QPushButton* run_;
    QPushButton* reset_;
    QPushButton* cancel_;
    QTableWidget* table_;
    QLabel* status_;
    QPointer<app::CeremonyCommand> command_;
};

} // namespace kps::station
