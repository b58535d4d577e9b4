#pragma once
// Orders: open (register) an order file, see each order's profile, key source and
// counts, put one on the line and start, pause or cancel it, and close it (exports and
// key destruction). Buttons follow the role; the engine refuses the rest anyway.
#include "line_controller.hpp"
#include "station_state.hpp"

#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace kps::station {

class OrderView : public QWidget {
    Q_OBJECT
public:
    OrderView(app::StationHost& host, Session& session, StationState& state, LineController& line,
              QWidget* parent = nullptr);

    /// Asks the user to confirm (title, question); a message box unless replaced (tests).
    using Confirm = std::function<bool(const QString&, const QString&)>;
    void setConfirm(Confirm confirm) { confirm_ = std::move(confirm); }

    QTableWidget* table() const { return table_; }
    QString selectedOrder() const;
    QString details() const;
    QString status() const;

public Q_SLOTS:
    /// Registers an order file (what "Open order file…" does after its file dialog).
    void openOrderFile(const QString& path);
    void selectOrder(const QString& orderId);
    void startSelected();
    /// Supervisors: release the selected order to the line, or hold it.
    void releaseOrHoldSelected();
    void cancelRun();
    void closeSelected();

Q_SIGNALS:
    /// The order went on the line: show the line.
    void lineStarted();

private:
    void setUpTable();
    void buildLayout();
    void connectControls();
    void showSnapshot(const app::StationSnapshot& snapshot);
    void showDetails();
    void updateButtons();
    void track(app::Command* command);

    app::StationHost& host_;
    Session& session_;
    StationState& state_;
    LineController& line_;
    QTableWidget* table_;
    QLabel* details_;
    QSpinBox* count_;
    QPushButton* open_;
    QPushButton* release_;
    QPushButton* start_;
    QPushButton* pause_;
    QPushButton* cancel_;
    QPushButton* close_;
    QLabel* status_;
    QPointer<app::Command> command_;
    Confirm confirm_;
    QString wanted_; // to select once the table shows it
};

} // namespace kps::station
