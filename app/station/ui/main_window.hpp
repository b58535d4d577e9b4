#pragma once
// kps-station's window: the login screen, then the views the role may use (Line,
// Orders, Ceremony, Audit) as tabs; Ctrl+1..4 switch tabs, Ctrl+L logs out.
#include "alarm_panel.hpp"
#include "auditor_view.hpp"
#include "ceremony_view.hpp"
#include "line_controller.hpp"
#include "line_view.hpp"
#include "login_page.hpp"
#include "order_view.hpp"
#include "station_state.hpp"

#include <QMainWindow>

class QLabel;
class QStackedWidget;
class QTabWidget;

namespace kps::station {

struct StationWindowOptions {
    LineSettings line;
    std::shared_ptr<app::KeyCustody> custody; // empty: the station's own
};

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    MainWindow(app::StationHost& host, StationWindowOptions options, QWidget* parent = nullptr);

    Session& session() { return session_; }
    StationState& state() { return *state_; }
    LineController& line() { return *line_; }
    LoginPage* loginPage() const { return login_; }
    LineView* lineView() const { return lineView_; }
    OrderView* orderView() const { return orderView_; }
    CeremonyView* ceremonyView() const { return ceremonyView_; }
    AuditorView* auditorView() const { return auditorView_; }
    AlarmPanel* alarms() const { return alarms_; }
    QTabWidget* tabs() const { return tabs_; }
    /// Titles of the tabs the logged-in role sees.
    QStringList visibleTabs() const;
    void showTab(QWidget* view);

public Q_SLOTS:
    void logOut();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void addStatusAndShortcuts();
    void connectViews();
    void arrangeForSession();

    app::StationHost& host_;
    Session session_;
    StationState* state_;
    LineController* line_;
    QStackedWidget* stack_;
    LoginPage* login_;
    QTabWidget* tabs_;
    AlarmPanel* alarms_;
    LineView* lineView_;
    OrderView* orderView_;
    CeremonyView* ceremonyView_;
    AuditorView* auditorView_;
    QLabel* who_;
};

} // namespace kps::station
