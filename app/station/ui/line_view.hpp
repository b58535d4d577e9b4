#pragma once
// The line as the operators see it: a large tile per slot, the order's progress and
// counters, yield and throughput, the alarms, and a scan field (a barcode scanner types
// an endpoint's label and Enter: the tile of the slot holding it is marked).
// F5 starts (or resumes) the order on the line, F6 pauses, F9 acknowledges an alarm.
#include "alarm_panel.hpp"
#include "line_controller.hpp"

#include <QWidget>

class QGridLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace kps::station {

class SlotTile;

class LineView : public QWidget {
    Q_OBJECT
public:
    LineView(LineController& line, AlarmPanel* alarms, QWidget* parent = nullptr);

    SlotTile* tile(int slot) const;
    QLineEdit* scanField() const { return scan_; }
    QString scanResult() const;
    QString countersText() const;

public Q_SLOTS:
    /// Matches a scanned label (endpoint address) to the slot that holds it.
    void matchLabel(const QString& label);
    void startLine();

private:
    void buildLayout(AlarmPanel* alarms);
    void connectControls(AlarmPanel* alarms);
    void connectModel();
    void rebuildTiles();
    void updateHeader();
    void updateButtons();

    LineController& line_;
    QLabel* order_;
    QProgressBar* progress_;
    QLabel* counters_;
    QGridLayout* grid_;
    std::vector<SlotTile*> tiles_;
    QLineEdit* scan_;
    QLabel* scanResult_;
    QPushButton* start_;
    QPushButton* pause_;
    QLabel* message_;
};

} // namespace kps::station
