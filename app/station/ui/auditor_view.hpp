#pragma once
// The auditor's view: the orders, each closed order's batch report (verified first:
// its signatures, its audit anchor and its files, as `kps report verify` checks them;
// then its facts are shown here and the PDF opens in the desktop's viewer), and the
// audit-chain verification with its result. Changes nothing.
#include "kps/app/commands/station_commands.hpp"
#include "session.hpp"
#include "station_state.hpp"

#include <QPointer>
#include <QUrl>
#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;
class QTextBrowser;

namespace kps::station {

class AuditorView : public QWidget {
    Q_OBJECT
public:
    using Opener = std::function<bool(const QUrl&)>;
    AuditorView(app::StationHost& host, Session& session, StationState& state,
                QWidget* parent = nullptr);

    /// How a PDF is opened (QDesktopServices unless replaced).
    void setOpener(Opener opener) { opener_ = std::move(opener); }
    QListWidget* orders() const { return orders_; }
    QString reportText() const;
    QString verificationText() const;
    QPushButton* openPdfButton() const { return openPdf_; }

public Q_SLOTS:
    void showOrder(const QString& orderId);
    void openPdf();
    void verifyChain();

Q_SIGNALS:
    void verified(bool intact);
    /// The selected order's report was checked: shown when it verified, refused if not.
    void reportShown(bool verified);

private:
    void buildLayout();
    void showSnapshot(const app::StationSnapshot& snapshot);
    void showReport(const QString& orderId, const app::CommandReport& report,
                    const app::ReportView* view);
    QString pdfPath(const QString& orderId) const;

    app::StationHost& host_;
    Session& session_;
    StationState& state_;
    QListWidget* orders_;
    QTextBrowser* report_;
    QPushButton* openPdf_;
    QPushButton* verify_;
    QLabel* result_;
    QLabel* resultDetails_;
    Opener opener_;
    QPointer<app::VerifyAuditCommand> command_;
    QPointer<app::ShowReportCommand> reportCommand_;
    QString shownOrder_; // the order whose verified report is on screen
};

} // namespace kps::station
