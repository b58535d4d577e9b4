#include "auditor_view.hpp"

#include "kps/app/commands/words.hpp"
#include "report_facts_html.hpp"
#include "widget_style.hpp"

#include <QDesktopServices>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace kps::station {

AuditorView::AuditorView(app::StationHost& host, Session& session, StationState& state,
                         QWidget* parent)
    : QWidget(parent)
    , host_(host)
    , session_(session)
    , state_(state)
    , orders_(new QListWidget(this))
    , report_(new QTextBrowser(this))
    , openPdf_(new QPushButton(tr("Open the PDF report"), this))
    , verify_(new QPushButton(tr("Verify the audit chain"), this))
    , result_(new QLabel(this))
    , resultDetails_(new QLabel(this))
    , opener_([](const QUrl& url) { return QDesktopServices::openUrl(url); }) {
    orders_->setObjectName(QStringLiteral("auditOrders"));
    report_->setObjectName(QStringLiteral("reportFacts"));
    openPdf_->setObjectName(QStringLiteral("openPdfButton"));
    verify_->setObjectName(QStringLiteral("verifyAuditButton"));
    result_->setObjectName(QStringLiteral("auditResult"));
    scaleFont(result_, 1.4, true);
    result_->setWordWrap(true);
    resultDetails_->setWordWrap(true);
    resultDetails_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    openPdf_->setEnabled(false);
    buildLayout();
    connect(orders_, &QListWidget::currentTextChanged, this, &AuditorView::showOrder);
    connect(openPdf_, &QPushButton::clicked, this, &AuditorView::openPdf);
    connect(verify_, &QPushButton::clicked, this, &AuditorView::verifyChain);
    connect(&state_, &StationState::loaded, this, &AuditorView::showSnapshot);
    showSnapshot(state_.snapshot());
}

void AuditorView::buildLayout() {
    auto* right = new QVBoxLayout;
    right->addWidget(new QLabel(tr("Batch report"), this));
    right->addWidget(report_, 1);
    right->addWidget(openPdf_);
    auto* top = new QHBoxLayout;
    auto* left = new QVBoxLayout;
    left->addWidget(new QLabel(tr("Orders"), this));
    left->addWidget(orders_);
    top->addLayout(left, 1);
    top->addLayout(right, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top, 1);
    layout->addWidget(verify_);
    layout->addWidget(result_);
    layout->addWidget(resultDetails_);
}

QString AuditorView::reportText() const {
    return report_->toPlainText();
}

QString AuditorView::verificationText() const {
    return result_->text() + QLatin1Char('\n') + resultDetails_->text();
}

QString AuditorView::pdfPath(const QString& orderId) const {
    return app::exportFilesFor(host_.paths(), orderId).report.pdf;
}

void AuditorView::showSnapshot(const app::StationSnapshot& snapshot) {
    const QString current = orders_->currentItem() ? orders_->currentItem()->text() : QString();
    orders_->clear();
    for (const auto& record : snapshot.orders)
        orders_->addItem(record.order.id);
    const auto found = orders_->findItems(current, Qt::MatchExactly);
    if (!found.isEmpty())
        orders_->setCurrentItem(found.first());
}

void AuditorView::showOrder(const QString& orderId) {
    openPdf_->setEnabled(false);
    shownOrder_.clear();
    if (reportCommand_) { // the previous selection's check ends unseen
        reportCommand_->disconnect(this);
        reportCommand_->deleteLater();
    }
    if (orderId.isEmpty() || !session_.principal()) {
        report_->clear();
        return;
    }
    report_->setPlainText(tr("Verifying the report of order %1…").arg(orderId));
    reportCommand_ = new app::ShowReportCommand(host_, *session_.principal(), orderId, this);
    connect(reportCommand_, &app::Command::finished, this,
            [this, orderId, command = reportCommand_.data()](const app::CommandReport& report) {
                showReport(orderId, report, command->view());
                command->deleteLater();
            });
    reportCommand_->start();
}

void AuditorView::showReport(const QString& orderId, const app::CommandReport& report,
                             const app::ReportView* view) {
    if (!report.succeeded() || !view) {
        report_->setHtml(
            tr("<p style='color:#c62828'><b>%1</b></p><p>%2</p><p>Its facts are not shown: a "
               "report that does not verify is not the station's.</p>")
                .arg(report.overview.toHtmlEscaped(),
                     (report.error ? report.error->message : QString()).toHtmlEscaped()));
        Q_EMIT reportShown(false);
        return;
    }
    if (!view->written) {
        const auto* record = state_.order(orderId);
        report_->setPlainText(
            tr("No report for order %1 yet (state: %2): the station writes it when the order "
               "is closed.")
                .arg(orderId, record ? app::orderStateTitle(record->state) : QString()));
        Q_EMIT reportShown(false);
        return;
    }
    shownOrder_ = orderId;
    openPdf_->setEnabled(QFile::exists(view->pdf));
    report_->setHtml(
        tr("<p style='color:#2e7d32'><b>%1</b></p>").arg(report.overview.toHtmlEscaped()) +
        ReportFactsHtml::render(view->report) +
        tr("<p>Signed report: %1 (+ .sig) in the order's exports folder</p>")
            .arg(QFileInfo(view->json).fileName().toHtmlEscaped()));
    Q_EMIT reportShown(true);
}

void AuditorView::openPdf() {
    if (shownOrder_.isEmpty()) // only a verified report's PDF
        return;
    const QString pdf = pdfPath(shownOrder_);
    if (!opener_(QUrl::fromLocalFile(pdf)))
        resultDetails_->setText(tr("No viewer could open %1").arg(pdf));
}

void AuditorView::verifyChain() {
    if (command_ || !session_.principal())
        return;
    command_ = new app::VerifyAuditCommand(host_, *session_.principal(), this);
    connect(command_, &app::Command::waiting, result_, &QLabel::setText);
    connect(command_, &app::Command::progress, this,
            [this](qint64, qint64, const QString& step) { result_->setText(step); });
    connect(command_, &app::Command::finished, this, [this](const app::CommandReport& report) {
        const bool intact = report.succeeded();
        result_->setText(report.overview);
        result_->setStyleSheet(intact ? QStringLiteral("color: #2e7d32")
                                      : QStringLiteral("color: #c62828"));
        resultDetails_->setText(report.details);
        command_->deleteLater();
        command_ = nullptr;
        verify_->setEnabled(true);
        Q_EMIT verified(intact);
    });
    verify_->setEnabled(false);
    result_->setStyleSheet({});
    command_->start();
}

} // namespace kps::station
